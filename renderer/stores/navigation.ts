import { create } from 'zustand';
import type { Purpose } from '../../app/purposes';

export type Screen = { name: 'home' } | { name: 'purpose'; purpose: Purpose };

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
