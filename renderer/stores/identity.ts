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
 * Mirrors main's identity view for the identity screen (the home screen
 * reads the identity's state from status). Kept apart from the screen's flow
 * (stores/identityFlow.ts): the view is main's, the flow is the operator's.
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
/** Re-reads the identity on each `identityChanged` (a renewal in the background, the CLI, a policy), from the first visit on. */
export function followIdentity(): void {
  if (subscribed) return;
  subscribed = true;
  api.on('identityChanged', () => void useIdentity.getState().load());
}
