import { create } from 'zustand';
import type { ErrorShape } from '../../app/errors';
import type { IdentityView } from '../../app/identity';
import { api } from '../bridge/api';

interface IdentityState {
  /** Main's view of this device's own certificate; null until read (or when it cannot be read). */
  view: IdentityView | null;
  error: ErrorShape | null;
  load(): Promise<void>;
  /** An answer main gave to an action (enroll, renew, import, remove): the same view identityShow would read. */
  show(view: IdentityView): void;
}

/**
 * Mirrors main's identity view for the home screen and the identity screen.
 * Kept apart from the screen's flow (stores/identityFlow.ts) so the home
 * screen's start bundle carries only this.
 */
export const useIdentity = create<IdentityState>()((set) => ({
  view: null,
  error: null,
  async load() {
    const result = await api.identityShow({});
    if (result.ok) set({ view: result.value, error: null });
    else set({ view: null, error: result.error });
  },
  show: (view) => set({ view, error: null }),
}));

let subscribed = false;
/** Reads the identity once and again on each `identityChanged` (a renewal in the background, the CLI, a policy). */
export function followIdentity(): void {
  if (subscribed) return;
  subscribed = true;
  const reload = () => void useIdentity.getState().load();
  api.on('identityChanged', reload);
  reload();
}
