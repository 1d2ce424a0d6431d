/**
 * What the first screen needs, asked for before React renders (issue 14):
 * main's status and, when the address names a list, that screen's code and its
 * first screenful. The socket opens and main answers while the page is still
 * evaluating its JavaScript, instead of after the first render's effects.
 */
import { useNavigation } from './stores/navigation';
import { followStatus } from './stores/status';
import { followCertificates, useCertificates } from './stores/certificates';

type PurposeScreenModule = typeof import('./screens/PurposeScreen');
let purposeScreen: PurposeScreenModule | null = null;

/** One import for the list screen, shared by App's lazy screen and the early start below. */
export const loadPurposeScreen = () =>
  import('./screens/PurposeScreen').then((module) => {
    purposeScreen = module;
    return module;
  });

/**
 * The list screen's code once it is here, for App to render without suspending:
 * React 19 holds content back for 300 ms after it showed a Suspense fallback,
 * which was most of the list's first paint (issue 14).
 */
export const loadedPurposeScreen = (): PurposeScreenModule | null => purposeScreen;

/** Resolves when the first screen's code is here (never rejects: a failed load is the lazy screen's to show). */
export function readFirstScreen(): Promise<unknown> {
  followStatus();
  followCertificates();
  const screen = useNavigation.getState().screen;
  if (screen.name !== 'purpose') return Promise.resolve();
  void useCertificates.getState().load(screen.purpose);
  return loadPurposeScreen().catch(() => undefined);
}
