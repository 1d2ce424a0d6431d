import { create } from 'zustand';
import type { Purpose } from '../../app/purposes';

/** Every screen of the kiosk; the renderer has no router because a kiosk has no address bar. */
export type Screen =
  | { name: 'home' }
  | { name: 'purpose'; purpose: Purpose }
  | { name: 'details'; fingerprint: string; purpose: Purpose | null }
  | { name: 'add'; purpose: Purpose }
  | { name: 'check'; purpose: Purpose }
  | { name: 'enroll' }
  | { name: 'history' }
  | { name: 'logServer' };

interface NavigationState {
  screen: Screen;
  history: Screen[];
  go(screen: Screen): void;
  back(): void;
}

export const useNavigation = create<NavigationState>()((set) => ({
  screen: { name: 'home' },
  history: [],
  go: (screen) => set((s) => ({ screen, history: [...s.history, s.screen] })),
  back: () =>
    set((s) => {
      const previous = s.history[s.history.length - 1];
      return previous ? { screen: previous, history: s.history.slice(0, -1) } : s;
    }),
}));
