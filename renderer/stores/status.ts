import { create } from 'zustand';
import type { ErrorShape } from '../../app/errors';
import type { Status } from '../../app/schemas';
import { api } from '../bridge/api';
import { coalescedReread } from './reread';

interface StatusState {
  status: Status | null;
  error: ErrorShape | null;
  load(): Promise<void>;
}

/** Mirrors main's status; main owns it, and its events say when to re-read. */
export const useStatusStore = create<StatusState>()((set) => ({
  status: null,
  error: null,
  async load() {
    const result = await api.status({});
    if (result.ok) set({ status: result.value, error: null });
    else set({ error: result.error });
  },
}));

let subscribed = false;
/**
 * Reads status once, then again when main says the store or the management
 * state changed — and only then: a change made here is announced like any
 * other, so no action reloads status by hand after it.
 */
export function followStatus(): void {
  if (subscribed) return;
  subscribed = true;
  const reread = coalescedReread(() => useStatusStore.getState().load());
  api.on('storeChanged', reread);
  api.on('managementChanged', reread);
  // Status carries the device's own certificate too: the home screen lists an expired one as a problem (issue 17).
  api.on('identityChanged', reread);
  void useStatusStore.getState().load();
}
