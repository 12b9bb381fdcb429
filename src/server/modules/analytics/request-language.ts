import type { Language } from './analytics.schemas.js';

/** The labels' language: `?lang`, else the first supported Accept-Language, else (service) the organisation's. */
export function languageOf(lang: Language | undefined, acceptLanguage: string | undefined): Language | undefined {
  if (lang) return lang;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return undefined;
}
