import { create } from 'zustand';
import { isPurpose, type Purpose } from '../../app/purposes';

/** Every screen of the kiosk; the renderer has no router because a kiosk has no address bar. */
export type Screen =
  | { name: 'home' }
  | { name: 'purpose'; purpose: Purpose }
  | { name: 'details'; fingerprint: string; purpose: Purpose | null }
  | { name: 'add'; purpose: Purpose }
  | { name: 'check'; purpose: Purpose }
  | { name: 'verify'; purpose: Purpose }
  | { name: 'enroll' }
  | { name: 'history' }
  | { name: 'logServer' }
  | { name: 'identity' };

interface NavigationState {
  screen: Screen;
  history: Screen[];
  go(screen: Screen): void;
  back(): void;
}

/**
 * The screen to start on: home, unless the address names a list (`#/purpose/rdp`)
 * or the History (`#/history`) — for a support person's bookmark in the web
 * host and for the benchmark's first paint of a list (issue 8). Back leads home.
 */
export function initialScreen(hash: string): { screen: Screen; history: Screen[] } {
  const home: Screen = { name: 'home' };
  const purpose = /^#\/purpose\/([A-Za-z]+)$/.exec(hash)?.[1];
  if (isPurpose(purpose)) return { screen: { name: 'purpose', purpose }, history: [home] };
  if (hash === '#/history') return { screen: { name: 'history' }, history: [home] };
  return { screen: home, history: [] };
}

export const useNavigation = create<NavigationState>()((set) => ({
  ...initialScreen(typeof window === 'undefined' ? '' : window.location.hash),
  go: (screen) => set((s) => ({ screen, history: [...s.history, s.screen] })),
  back: () =>
    set((s) => {
      const previous = s.history[s.history.length - 1];
      return previous ? { screen: previous, history: s.history.slice(0, -1) } : s;
    }),
}));
