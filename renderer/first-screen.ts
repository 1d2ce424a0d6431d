/**
 * What the first screen needs, asked for before React renders (issue 14):
 * main's status and, when the address names a list, that screen's code and its
 * first screenful. The socket opens and main answers while the page is still
 * evaluating its JavaScript, instead of after the first render's effects.
 */
import { useNavigation } from './stores/navigation';
import { followStatus } from './stores/status';
import { followCertificates, useCertificates } from './stores/certificates';

/** One import for the list screen, shared by App's lazy screen and the early start below. */
export const loadPurposeScreen = () => import('./screens/PurposeScreen');

export function readFirstScreen(): void {
  followStatus();
  followCertificates();
  const screen = useNavigation.getState().screen;
  if (screen.name === 'purpose') {
    void loadPurposeScreen();
    void useCertificates.getState().load(screen.purpose);
  }
}
