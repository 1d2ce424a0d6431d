import { create } from 'zustand';
import type { ErrorShape } from '../../app/errors';
import { DEFAULT_PORTS, type Purpose } from '../../app/purposes';
import type { CheckResult } from '../../app/schemas';
import { api } from '../bridge/api';
import { hostError, parsePort } from './fields';

interface ChecksState {
  purpose: Purpose | null;
  host: string;
  port: string;
  busy: boolean;
  result: CheckResult | null;
  error: ErrorShape | null;
  start(purpose: Purpose): void;
  setHost(host: string): void;
  setPort(port: string): void;
  run(): Promise<void>;
}

export const useChecks = create<ChecksState>()((set, get) => ({
  purpose: null,
  host: '',
  port: '',
  busy: false,
  result: null,
  error: null,
  start(purpose) {
    // Coming back to the same purpose keeps the last host: operators re-test after fixing a server.
    if (get().purpose === purpose) return;
    set({ purpose, host: '', port: String(DEFAULT_PORTS[purpose]), result: null, error: null, busy: false });
  },
  setHost: (host) => set({ host }),
  setPort: (port) => set({ port }),
  async run() {
    const { purpose, host, port } = get();
    if (!purpose) return;
    const parsed = parsePort(port);
    const refusal = hostError(host) ?? parsed.error;
    if (refusal || parsed.port === undefined) {
      set({ error: refusal, result: null });
      return;
    }
    set({ busy: true, error: null, result: null });
    const result = await api.check({ purpose, host: host.trim(), port: parsed.port });
    if (result.ok) set({ result: result.value, busy: false });
    else set({ error: result.error, busy: false });
  },
}));
