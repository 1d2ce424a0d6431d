import { create } from 'zustand';
import { refusal, type ErrorShape } from '../../app/errors';
import type { ConnectAnswer, RemoteDesktop, RemoteDesktopList } from '../../app/remote-desktop-channels';
import { api } from '../bridge/api';
import { hostError, parsePort } from './fields';

/** The add/edit form: `id` null adds a new entry. */
export interface DesktopDraft {
  id: string | null;
  name: string;
  host: string;
  port: string;
}

/** A Connect answer that asks the operator something or tells why there is no session. */
export type Decision = Exclude<ConnectAnswer, { kind: 'started' }> & { name: string };

export interface Session {
  sessionId: string;
  name: string;
  ended: { normal: boolean; words: string } | null;
}

interface RemoteDesktopsState {
  list: RemoteDesktopList | null;
  draft: DesktopDraft | null;
  /** The desktop whose Connect is running, by id. */
  connecting: string | null;
  busy: boolean;
  error: ErrorShape | null;
  decision: Decision | null;
  session: Session | null;
  load(): Promise<void>;
  startAdd(): void;
  startEdit(desktop: RemoteDesktop): void;
  setDraft(fields: Partial<Omit<DesktopDraft, 'id'>>): void;
  cancelDraft(): void;
  save(): Promise<void>;
  remove(id: string): Promise<boolean>;
  connect(desktop: RemoteDesktop): Promise<void>;
  /** Trust and connect / Trust the new one: main pins what it holds, confirmed by the fingerprint shown. */
  trust(): Promise<void>;
  /** Cancel / Reject / Close: main drops what it holds; nothing is saved. */
  dismiss(): Promise<void>;
}

export const useRemoteDesktops = create<RemoteDesktopsState>()((set, get) => {
  const answer = (result: ConnectAnswer, name: string) => {
    if (result.kind === 'started') set({ decision: null, session: { sessionId: result.sessionId, name, ended: null } });
    else set({ decision: { ...result, name } });
  };
  return {
    list: null,
    draft: null,
    connecting: null,
    busy: false,
    error: null,
    decision: null,
    session: null,
    async load() {
      const result = await api.remoteDesktops({});
      if (result.ok) set({ list: result.value });
      else set({ error: result.error });
    },
    startAdd: () => set({ draft: { id: null, name: '', host: '', port: '3389' }, error: null }),
    startEdit: (desktop) => set({ draft: { id: desktop.id, name: desktop.name, host: desktop.host, port: String(desktop.port) }, error: null }),
    setDraft: (fields) => set((s) => (s.draft ? { draft: { ...s.draft, ...fields } } : s)),
    cancelDraft: () => set({ draft: null, error: null }),
    async save() {
      const draft = get().draft;
      if (!draft || get().busy) return;
      const parsed = parsePort(draft.port);
      const refused = draft.name.trim() === '' ? refusal('desktop-name-missing', 'Enter a name.') : (hostError(draft.host) ?? parsed.error);
      if (refused || parsed.port === undefined) {
        set({ error: refused });
        return;
      }
      set({ busy: true, error: null });
      const fields = { name: draft.name.trim(), host: draft.host.trim(), port: parsed.port };
      const result = draft.id === null ? await api.addRemoteDesktop(fields) : await api.editRemoteDesktop({ id: draft.id, ...fields });
      if (result.ok) set({ list: result.value, draft: null, busy: false });
      else set({ error: result.error, busy: false });
    },
    async remove(id) {
      set({ busy: true, error: null });
      const result = await api.removeRemoteDesktop({ id });
      if (result.ok) set({ list: result.value, busy: false });
      else set({ error: result.error, busy: false });
      return result.ok;
    },
    async connect(desktop) {
      if (get().connecting) return;
      // The last session's note goes: what is shown next is about this Connect.
      set({ connecting: desktop.id, error: null, decision: null, session: null });
      const result = await api.connectRdp({ host: desktop.host, port: desktop.port });
      set({ connecting: null });
      if (result.ok) answer(result.value, desktop.name);
      else set({ error: result.error });
    },
    async trust() {
      const decision = get().decision;
      if (!decision || get().busy) return;
      if (decision.kind !== 'first-connection' && decision.kind !== 'changed-certificate') return;
      const fingerprint = decision.kind === 'first-connection' ? decision.certificate.fingerprint : decision.presented.fingerprint;
      set({ busy: true, error: null });
      const result = await api.trustAndConnect({ connectId: decision.connectId, fingerprint });
      set({ busy: false });
      if (result.ok) answer(result.value, decision.name);
      else set({ decision: null, error: result.error });
    },
    async dismiss() {
      const decision = get().decision;
      set({ decision: null });
      if (decision && (decision.kind === 'first-connection' || decision.kind === 'changed-certificate')) {
        await api.cancelConnect({ connectId: decision.connectId });
      }
    },
  };
});

let subscribed = false;
/** Re-reads the list when the policy or another process changed it; notes when a session ended. */
export function followRemoteDesktops(): void {
  if (subscribed) return;
  subscribed = true;
  const reload = () => void useRemoteDesktops.getState().load();
  api.on('managementChanged', reload);
  api.on('storeChanged', reload);
  api.on('rdpSessionEnded', (ended) => {
    const session = useRemoteDesktops.getState().session;
    if (session?.sessionId === ended.sessionId) useRemoteDesktops.setState({ session: { ...session, ended: { normal: ended.normal, words: ended.words } } });
  });
  reload();
}
