import { create } from 'zustand';
import { refusal, type ErrorShape } from '../../app/errors';
import type { ResponseOf } from '../../app/channels';
import { DEFAULT_PORTS } from '../../app/purposes';
import type { CheckResult, SettingsView } from '../../app/schemas';
import { api } from '../bridge/api';
import { parseHostPort } from '../../app/host-name';
import { useStatusStore } from './status';

interface LogServerState {
  settings: SettingsView | null;
  /** What the operator is typing; filled from the setting when the screen opens. */
  draft: string;
  busy: 'save' | 'test' | 'send' | null;
  error: ErrorShape | null;
  saved: boolean;
  check: CheckResult | null;
  sent: ResponseOf<'sendAudit'> | null;
  load(): Promise<void>;
  setDraft(draft: string): void;
  save(value?: string): Promise<void>;
  test(): Promise<void>;
  send(): Promise<void>;
}

const quiet = { error: null, saved: false, check: null, sent: null } as const;

export const useLogServer = create<LogServerState>()((set, get) => ({
  settings: null,
  draft: '',
  busy: null,
  ...quiet,
  async load() {
    const result = await api.settings({});
    if (result.ok) set({ settings: result.value, draft: result.value.logServer ?? '', ...quiet });
    else set({ error: result.error });
  },
  setDraft: (draft) => set({ draft, saved: false }),
  async save(value) {
    const text = (value ?? get().draft).trim();
    set({ busy: 'save', ...quiet });
    // An empty field means "send nowhere", which the setting spells `none` (CLI.md, config set).
    const result = await api.setSetting({ key: 'logServer', value: text === '' ? 'none' : text });
    if (result.ok) set({ busy: null, settings: result.value, draft: result.value.logServer ?? '', saved: true });
    else set({ busy: null, error: result.error });
  },
  async test() {
    // The address being typed is tested before it is saved: the operator learns whether it would work first.
    const server = get().draft.trim() || get().settings?.logServer;
    if (!server) {
      set({ error: refusal('no-log-server', 'No log server is set.') });
      return;
    }
    // A typed address main cannot use is sent as typed: main refuses it with the CLI's words.
    const parsed = parseHostPort(server);
    const { host, port } = parsed.ok ? parsed : { host: server, port: undefined };
    set({ busy: 'test', ...quiet });
    const result = await api.check({ purpose: 'logServer', host, port: port ?? DEFAULT_PORTS.logServer });
    if (result.ok) set({ busy: null, check: result.value });
    else set({ busy: null, error: result.error });
  },
  async send() {
    set({ busy: 'send', ...quiet });
    const result = await api.sendAudit({});
    if (result.ok) set({ busy: null, sent: result.value });
    else set({ busy: null, error: result.error });
    // A delivery changes no trust and main announces none: the delivery state shown comes from status, read here.
    await useStatusStore.getState().load();
  },
}));
