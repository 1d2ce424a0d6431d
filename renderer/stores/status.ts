import { create } from 'zustand';
import type { ErrorShape } from '../../app/errors';
import type { Status } from '../../app/schemas';
import { api } from '../bridge/api';

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
export function followStatus(): void {
  if (subscribed) return;
  subscribed = true;
  const reload = () => void useStatusStore.getState().load();
  api.on('storeChanged', reload);
  api.on('managementChanged', reload);
  // The home screen lists an expired device certificate as a problem: status carries the identity's state.
  api.on('identityChanged', reload);
  reload();
}
