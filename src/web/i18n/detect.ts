export const LANGUAGES = [
  { code: 'zh-CN', label: '中文' },
  { code: 'en', label: 'English' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

export const LANG_STORAGE_KEY = 'rateloop.lang';

/** Stored choice first; then the browser: zh* → zh-CN, en* → en, anything else → zh-CN. */
export function detectLanguage(stored: string | null, browserLanguage: string | undefined): Language {
  if (stored === 'zh-CN' || stored === 'en') return stored;
  const browser = (browserLanguage ?? '').toLowerCase();
  if (browser.startsWith('zh')) return 'zh-CN';
  if (browser.startsWith('en')) return 'en';
  return 'zh-CN';
}
