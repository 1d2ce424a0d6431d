import { create } from 'zustand';
import type { ErrorShape } from '../../app/errors';
import type { Purpose } from '../../app/purposes';
import type { Certificate } from '../../app/schemas';
import type { ResponseOf } from '../../app/channels';
import { api } from '../bridge/api';
import { coalescedReread } from './reread';

/** Rows a list screen shows before scrolling, with room to spare: what is asked for first (issue 14). */
export const FIRST_SCREENFUL = 20;

/**
 * The rest of a long list comes in pages of this many rows: each page is
 * parsed, checked and shown in one short task (~10–20 ms for 200 rows), where
 * the other 980 rows of a 1,000-certificate list in one answer held the page
 * 50–140 ms right after its first paint (issue 14).
 */
export const REST_PAGE = 200;

interface CertificatesState {
  /** The purpose whose list is shown; main sorts it by risk, so the order is kept as received. */
  purpose: Purpose | null;
  certificates: Certificate[];
  /** How many main has for the purpose; more than `certificates` while the rest is on its way. */
  total: number;
  loaded: boolean;
  error: ErrorShape | null;
  details: ResponseOf<'show'> | null;
  detailsError: ErrorShape | null;
  /** Opens a purpose's list: the first screenful from main; the screen asks for the rest once it painted it. */
  load(purpose: Purpose): Promise<void>;
  /** The rows after the first screenful, asked for by the list screen after it painted them. */
  loadRest(): Promise<void>;
  /** Re-reads what is on screen after main said the store changed. */
  refresh(): Promise<void>;
  loadDetails(fingerprint: string): Promise<void>;
  remove(purpose: Purpose, fingerprint: string): Promise<ErrorShape | null>;
}

/**
 * A list read this recently is shown as it is when its screen opens again:
 * main's storeChanged keeps it current, and returning from a removal or an
 * addition must not read it a second time. Older than this, it is read again
 * (days left and statuses move with the clock, which sends no event).
 */
const CURRENT_FOR_MS = 60_000;
let readAt = 0;

// Answers can arrive out of order when the operator moves quickly; only the newest request may write.
let listRequest = 0;
/** The first read of a list screen still on its way. */
let loading: { purpose: Purpose; done: Promise<void> } | null = null;
let detailsRequest = 0;

export const useCertificates = create<CertificatesState>()((set, get) => {
  async function read(purpose: Purpose, progressive: boolean): Promise<void> {
    const request = ++listRequest;
    if (get().purpose !== purpose) set({ purpose, certificates: [], total: 0, loaded: false, error: null });
    const first = await api.list(progressive ? { purpose, limit: FIRST_SCREENFUL } : { purpose });
    if (request !== listRequest) return;
    if (!first.ok) {
      set({ error: first.error, loaded: true });
      return;
    }
    readAt = Date.now();
    set({ certificates: first.value.certificates, total: first.value.total, loaded: true, error: null });
  }

  async function readRest(): Promise<void> {
    for (;;) {
      const { purpose, certificates, total, loaded } = get();
      if (!purpose || !loaded || certificates.length >= total) return;
      const request = ++listRequest;
      const rest = await api.list({ purpose, offset: certificates.length, limit: REST_PAGE });
      if (request !== listRequest) return;
      if (!rest.ok) {
        set({ error: rest.error });
        return;
      }
      // The store changed between two reads: its event is on the way, and the whole list is read again then.
      set({ certificates: [...certificates, ...rest.value.certificates], total: rest.value.total });
      if (rest.value.certificates.length === 0) return;
      // A task boundary between pages: a tap or a key pressed meanwhile is handled at once.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  return {
    purpose: null,
    certificates: [],
    total: 0,
    loaded: false,
    error: null,
    details: null,
    detailsError: null,
    async load(purpose) {
      const { purpose: shown, loaded, error } = get();
      if (shown === purpose && loaded && error === null && Date.now() - readAt < CURRENT_FOR_MS) return;
      // The page asks for the first screen's list before React renders (first-screen.ts) and the screen
      // asks again when it mounts: the second joins the first instead of asking main again and making
      // the first answer, already on its way, count for nothing (issue 14, first paint).
      if (loading?.purpose === purpose) return loading.done;
      const done = read(purpose, true).finally(() => {
        if (loading?.done === done) loading = null;
      });
      loading = { purpose, done };
      await done;
    },
    loadRest: readRest,
    async refresh() {
      const { purpose, details } = get();
      // Already on screen: one read of the whole list replaces it, rows stay where they are.
      if (purpose) await read(purpose, false);
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
      // The list is read again on main's storeChanged, not here as well.
      set({ details: null });
      return null;
    },
  };
});

let following = false;
/** Main says when the store changed (here, in the CLI, by policy); what is on screen is read again, once per burst. */
export function followCertificates(): void {
  if (following) return;
  following = true;
  api.on('storeChanged', coalescedReread(() => useCertificates.getState().refresh()));
}
