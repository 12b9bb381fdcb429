import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { detectLanguage, LANG_STORAGE_KEY, type Language } from './detect';

export { detectLanguage, LANG_STORAGE_KEY, LANGUAGES, type Language } from './detect';

/**
 * Each language's messages are their own chunk, fetched when the language is first used: the login page loads one
 * language, not both (test/e2e/console-load.e2e.test.ts keeps its JavaScript within budget).
 */
const MESSAGES: Record<Language, () => Promise<Record<string, unknown>>> = {
  en: () => import('./en').then((m) => m.en),
  'zh-CN': () => import('./zh-CN').then((m) => m.zhCN),
};

async function loadMessages(language: Language): Promise<void> {
  if (i18n.hasResourceBundle(language, 'translation')) return;
  i18n.addResourceBundle(language, 'translation', await MESSAGES[language]());
}

function readStored(): string | null {
  try {
    return localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    return null;
  }
}

export async function setLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(LANG_STORAGE_KEY, language);
  } catch {
    // Private mode: the choice simply isn't remembered.
  }
  // The messages first, so the switch never shows keys.
  await loadMessages(language);
  await i18n.changeLanguage(language);
}

const initial = detectLanguage(readStored(), typeof navigator === 'undefined' ? undefined : navigator.language);

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});
document.documentElement.lang = initial;

/** Resolves once the initial language's messages are in: the console renders after it (main.tsx). */
export const i18nReady: Promise<void> = i18n
  .use(initReactI18next)
  .init({
    resources: {},
    lng: initial,
    // Both languages have exactly the same keys (i18n.test.ts): no fallback language to load as well.
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  })
  .then(() => loadMessages(initial))
  .then(() => undefined);

export default i18n;
