import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zhCN } from './zh-CN';

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

function readStored(): string | null {
  try {
    return localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function setLanguage(language: Language): void {
  try {
    localStorage.setItem(LANG_STORAGE_KEY, language);
  } catch {
    // Private mode: the choice simply isn't remembered.
  }
  void i18n.changeLanguage(language);
}

const initial = detectLanguage(readStored(), typeof navigator === 'undefined' ? undefined : navigator.language);

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});
document.documentElement.lang = initial;

export default i18n;
