import { create } from 'zustand';
import { refusal, type ErrorShape } from '../../app/errors';
import { DEFAULT_PORTS, type Purpose } from '../../app/purposes';
import type { ResponseOf } from '../../app/channels';
import type { Certificate, CertificateInput, MediaFile } from '../../app/schemas';
import { api } from '../bridge/api';
import { hostError, parsePort } from './fields';

export type AddMethod = 'file' | 'paste' | 'server';

type Preview = ResponseOf<'preview'>;
type FetchedChain = ResponseOf<'fetchChain'>;

/**
 * What the operator is about to add: a preview main holds (file or paste), or
 * a server's chain main holds with the one certificate chosen by its
 * fingerprint. Confirm names only what main holds, so what was shown is what
 * is stored, even if the file changed since.
 */
export type Pending = { kind: 'input'; preview: Preview } | { kind: 'server'; fetched: FetchedChain; fingerprint: string };

interface AddFlowState {
  purpose: Purpose | null;
  method: AddMethod;
  mediaFiles: MediaFile[] | null;
  searched: string[];
  selectedPath: string | null;
  pemText: string;
  host: string;
  port: string;
  label: string;
  pending: Pending | null;
  busy: boolean;
  error: ErrorShape | null;
  added: { added: Certificate[]; alreadyPresent: string[] } | null;
  start(purpose: Purpose): void;
  setMethod(method: AddMethod): void;
  loadMediaFiles(): Promise<void>;
  selectPath(path: string): void;
  setPemText(text: string): void;
  setHost(host: string): void;
  setPort(port: string): void;
  setLabel(label: string): void;
  chooseFromChain(fingerprint: string): void;
  previewFile(): Promise<void>;
  previewPaste(): Promise<void>;
  fetchChain(): Promise<void>;
  /** Back from the preview to the input, keeping what was typed or chosen. */
  discardPreview(): void;
  confirm(): Promise<void>;
}

/** Refusals meaning main no longer holds the preview or the server's chain (main/core/certificates/held.ts). */
const NO_LONGER_HELD = new Set(['preview-expired', 'fetch-expired', 'too-many-pending']);

const fresh = {
  mediaFiles: null,
  searched: [],
  selectedPath: null,
  pemText: '',
  host: '',
  label: '',
  pending: null,
  busy: false,
  error: null,
  added: null,
} satisfies Partial<AddFlowState>;

export const useAddFlow = create<AddFlowState>()((set, get) => {
  async function previewInput(input: CertificateInput): Promise<void> {
    const purpose = get().purpose;
    if (!purpose) return;
    set({ busy: true, error: null });
    const result = await api.preview({ purpose, input });
    if (result.ok) set({ busy: false, pending: { kind: 'input', preview: result.value } });
    else set({ busy: false, error: result.error });
  }

  return {
    purpose: null,
    method: 'file',
    port: '',
    ...fresh,
    start(purpose) {
      set({ purpose, method: 'file', port: String(DEFAULT_PORTS[purpose]), ...fresh });
    },
    setMethod: (method) => set({ method, pending: null, error: null, added: null }),
    async loadMediaFiles() {
      set({ busy: true, error: null });
      const result = await api.mediaFiles({});
      if (result.ok) {
        const { files, searched } = result.value;
        const selected = get().selectedPath;
        set({
          busy: false,
          mediaFiles: files,
          searched,
          selectedPath: files.some((f) => f.path === selected) ? selected : (files[0]?.path ?? null),
        });
      } else set({ busy: false, error: result.error });
    },
    selectPath: (selectedPath) => set({ selectedPath, error: null }),
    setPemText: (pemText) => set({ pemText }),
    setHost: (host) => set({ host }),
    setPort: (port) => set({ port }),
    setLabel: (label) => set({ label }),
    chooseFromChain(fingerprint) {
      const pending = get().pending;
      if (pending?.kind === 'server') set({ pending: { ...pending, fingerprint } });
    },
    async previewFile() {
      const path = get().selectedPath;
      if (!path) {
        set({ error: refusal('file-not-chosen', 'Choose a file first.') });
        return;
      }
      await previewInput({ kind: 'media', path });
    },
    async previewPaste() {
      const text = get().pemText;
      if (text.trim() === '') {
        set({ error: refusal('paste-empty', 'Paste the certificate text first.') });
        return;
      }
      await previewInput({ kind: 'pem', text });
    },
    async fetchChain() {
      const { purpose, host, port } = get();
      if (!purpose) return;
      const parsed = parsePort(port);
      const refused = hostError(host) ?? parsed.error;
      if (refused || parsed.port === undefined) {
        set({ error: refused });
        return;
      }
      set({ busy: true, error: null });
      const result = await api.fetchChain({ purpose, host: host.trim(), port: parsed.port });
      if (!result.ok) {
        set({ busy: false, error: result.error });
        return;
      }
      const leaf = result.value.chain[0];
      if (!leaf) {
        set({ busy: false, error: refusal('no-certificate', 'The server presented no certificate.') });
        return;
      }
      set({ busy: false, pending: { kind: 'server', fetched: result.value, fingerprint: leaf.fingerprint } });
    },
    discardPreview: () => set({ pending: null, error: null }),
    async confirm() {
      const { purpose, pending, label } = get();
      if (!purpose || !pending) return;
      set({ busy: true, error: null });
      const trimmed = label.trim();
      const labelPart = trimmed === '' ? {} : { label: trimmed };
      const result =
        pending.kind === 'input'
          ? await api.add({ purpose, previewId: pending.preview.previewId, ...labelPart })
          : await api.confirmFetch({ fetchId: pending.fetched.fetchId, fingerprint: pending.fingerprint, ...labelPart });
      // A refusal keeps the preview on screen with its message: nothing was stored, the operator decides.
      // Main no longer holding what was shown is the exception: back to the input, to read it again.
      if (result.ok) set({ busy: false, added: result.value, pending: null });
      else if (NO_LONGER_HELD.has(result.error.code)) set({ busy: false, error: result.error, pending: null });
      else set({ busy: false, error: result.error });
    },
  };
});
