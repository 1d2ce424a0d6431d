/**
 * i18next: a well-kept library with CLDR plurals (Russian needs one/few/many)
 * and interpolation, and react-i18next's hook re-renders on a language switch.
 * English is built in (it is also the fallback); Russian is its own chunk,
 * loaded before the first render when it is the language to start in, else on
 * the first switch — most of a catalogue's bytes need not load twice (issue 8).
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';

export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('thincert.language') : null;
const initial: Language = saved === 'ru' || saved === 'en' ? saved : navigator.language.startsWith('ru') ? 'ru' : 'en';

async function loadRussian(): Promise<void> {
  if (i18next.hasResourceBundle('ru', 'translation')) return;
  const { ru } = await import('./ru');
  i18next.addResourceBundle('ru', 'translation', ru);
  if (screensWanted) await addScreenWords('ru');
}

/**
 * The words of the screens away from home (en.screens.ts, ru.screens.ts) are
 * their own chunks, loaded with the first such screen (issue 14: renderer
 * JavaScript at start); they merge into the same keys.
 */
let screensWanted = false;
const screenWordsAdded = new Map<Language, Promise<void>>();

function addScreenWords(language: Language): Promise<void> {
  let adding = screenWordsAdded.get(language);
  if (!adding) {
    adding = (language === 'ru' ? import('./ru.screens').then((m) => m.ruScreens) : import('./en.screens').then((m) => m.enScreens)).then((words) => {
      i18next.addResourceBundle(language, 'translation', words, true, false);
    });
    screenWordsAdded.set(language, adding);
  }
  return adding;
}

/** Resolves once the screens' words are there in English and, when it is loaded, Russian: a lazy screen renders after it. */
export async function screenWords(): Promise<void> {
  screensWanted = true;
  await Promise.all([addScreenWords('en'), ...(i18next.hasResourceBundle('ru', 'translation') ? [addScreenWords('ru')] : [])]);
}

/** Resolves once the starting language's words are there; main.tsx renders after it. */
export const i18nReady: Promise<void> = i18next
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  })
  .then(async () => {
    if (initial === 'ru') await switchTo('ru');
    document.documentElement.lang = i18next.language;
  });

async function switchTo(language: Language): Promise<void> {
  if (language === 'ru') await loadRussian();
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

export function setLanguage(language: Language): void {
  localStorage.setItem('thincert.language', language);
  void switchTo(language);
}

export default i18next;
