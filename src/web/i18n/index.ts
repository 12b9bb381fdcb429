import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { detectLanguage, LANG_STORAGE_KEY, type Language } from './detect';
import { en } from './en';
import { zhCN } from './zh-CN';

export { detectLanguage, LANG_STORAGE_KEY, LANGUAGES, type Language } from './detect';

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
