/**
 * i18next: a well-kept library with CLDR plurals (Russian needs one/few/many)
 * and interpolation, and react-i18next's hook re-renders on a language switch.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ru } from './ru';
import { managementEn } from './management.en';
import { managementRu } from './management.ru';

export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('thincert.language') : null;
const initial: Language = saved === 'ru' || saved === 'en' ? saved : navigator.language.startsWith('ru') ? 'ru' : 'en';

void i18next.use(initReactI18next).init({
  // The management screens keep their words apart under one key (`mgmt`), so both catalogues grow without conflicts.
  resources: { en: { translation: { ...en, ...managementEn } }, ru: { translation: { ...ru, ...managementRu } } },
  lng: initial,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = initial;

export function setLanguage(language: Language): void {
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
  localStorage.setItem('thincert.language', language);
}

export default i18next;
