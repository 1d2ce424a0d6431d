import { create } from 'zustand';
import { refusal, type ErrorShape } from '../../app/errors';
import { isHostName } from '../../app/host-name';
import type { Purpose } from '../../app/purposes';
import type { MediaFile } from '../../app/schemas';
import type { VerifyResult } from '../../app/verify-channels';
import { api } from '../bridge/api';

export type VerifySource = 'file' | 'paste';

interface VerifyFlowState {
  purpose: Purpose | null;
  source: VerifySource;
  mediaFiles: MediaFile[] | null;
  searched: string[];
  selectedPath: string | null;
  pemText: string;
  name: string;
  busy: boolean;
  result: VerifyResult | null;
  error: ErrorShape | null;
  start(purpose: Purpose): void;
  setSource(source: VerifySource): void;
  loadMediaFiles(): Promise<void>;
  selectPath(path: string): void;
  setPemText(text: string): void;
  setName(name: string): void;
  run(): Promise<void>;
}

/**
 * "Check a certificate file" (issue 16): the trust engine on a chain from
 * removable media or pasted, for a purpose and an optional server name.
 * Nothing is stored: the file is read by main through a preview, then judged.
 */
export const useVerifyFlow = create<VerifyFlowState>()((set, get) => ({
  purpose: null,
  source: 'file',
  mediaFiles: null,
  searched: [],
  selectedPath: null,
  pemText: '',
  name: '',
  busy: false,
  result: null,
  error: null,
  start(purpose) {
    if (get().purpose === purpose) return;
    set({ purpose, source: 'file', selectedPath: null, pemText: '', name: '', busy: false, result: null, error: null });
  },
  setSource: (source) => set({ source, result: null, error: null }),
  async loadMediaFiles() {
    const listed = await api.mediaFiles({});
    if (listed.ok) set({ mediaFiles: listed.value.files, searched: listed.value.searched });
    else set({ mediaFiles: [], error: listed.error });
  },
  selectPath: (selectedPath) => set({ selectedPath }),
  setPemText: (pemText) => set({ pemText }),
  setName: (name) => set({ name }),
  async run() {
    const { purpose, source, selectedPath, pemText } = get();
    if (!purpose) return;
    const name = get().name.trim();
    if (name !== '' && !isHostName(name)) {
      set({ error: refusal('name-invalid', 'The server name is a DNS name, an IPv4 address or an IPv6 address.'), result: null });
      return;
    }
    if (source === 'file' && !selectedPath) return set({ error: refusal('file-not-chosen', 'Choose a file first.'), result: null });
    if (source === 'paste' && pemText.trim() === '') return set({ error: refusal('paste-empty', 'Paste the certificate text first.'), result: null });
    const named = name === '' ? {} : { name };
    set({ busy: true, error: null, result: null });
    let request: Parameters<typeof api.verifyChain>[0];
    if (source === 'file' && selectedPath) {
      const preview = await api.preview({ purpose, input: { kind: 'media', path: selectedPath } });
      if (!preview.ok) return set({ busy: false, error: preview.error });
      request = { purpose, previewId: preview.value.previewId, ...named };
    } else {
      request = { purpose, chainPem: pemText, ...named };
    }
    const result = await api.verifyChain(request);
    if (result.ok) set({ busy: false, result: result.value });
    else set({ busy: false, error: result.error });
  },
}));
