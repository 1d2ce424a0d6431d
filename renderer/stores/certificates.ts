import { create } from 'zustand';
import type { ErrorShape } from '../../app/errors';
import type { Purpose } from '../../app/purposes';
import type { Certificate } from '../../app/schemas';
import type { ResponseOf } from '../../app/channels';
import { api } from '../bridge/api';

interface CertificatesState {
  /** The purpose whose list is shown; main sorts it by risk, so the order is kept as received. */
  purpose: Purpose | null;
  certificates: Certificate[];
  loaded: boolean;
  error: ErrorShape | null;
  details: ResponseOf<'show'> | null;
  detailsError: ErrorShape | null;
  load(purpose: Purpose): Promise<void>;
  /** Re-reads what is on screen after main said the store changed. */
  refresh(): Promise<void>;
  loadDetails(fingerprint: string): Promise<void>;
  remove(purpose: Purpose, fingerprint: string): Promise<ErrorShape | null>;
}

// Answers can arrive out of order when the operator moves quickly; only the newest request may write.
let listRequest = 0;
let detailsRequest = 0;

export const useCertificates = create<CertificatesState>()((set, get) => ({
  purpose: null,
  certificates: [],
  loaded: false,
  error: null,
  details: null,
  detailsError: null,
  async load(purpose) {
    const request = ++listRequest;
    if (get().purpose !== purpose) set({ purpose, certificates: [], loaded: false, error: null });
    const result = await api.list({ purpose });
    if (request !== listRequest) return;
    if (result.ok) set({ certificates: result.value.certificates, loaded: true, error: null });
    else set({ error: result.error, loaded: true });
  },
  async refresh() {
    const { purpose, details } = get();
    if (purpose) await get().load(purpose);
    if (details) await get().loadDetails(details.fingerprint);
  },
  async loadDetails(fingerprint) {
    const request = ++detailsRequest;
    if (get().details?.fingerprint !== fingerprint) set({ details: null, detailsError: null });
    const result = await api.show({ fingerprint });
    if (request !== detailsRequest) return;
    if (result.ok) set({ details: result.value, detailsError: null });
    else set({ detailsError: result.error });
  },
  async remove(purpose, fingerprint) {
    const result = await api.remove({ purpose, fingerprint });
    if (!result.ok) return result.error;
    set({ details: null });
    await get().load(purpose);
    return null;
  },
}));

let following = false;
/** Main says when the store changed (here, in the CLI, by policy); what is on screen is read again. */
export function followCertificates(): void {
  if (following) return;
  following = true;
  api.on('storeChanged', () => void useCertificates.getState().refresh());
}
