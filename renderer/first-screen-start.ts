/**
 * Imported first by main.tsx, so that this runs before react-dom, i18next and
 * the catalogue are evaluated: ES modules run in import order, and these are
 * most of the page's start-up work (issue 14, cold start).
 */
import { readFirstScreen } from './first-screen';

/** main.tsx renders once this and the words are here, so the first screen does not suspend. */
export const firstScreenCode = readFirstScreen();
