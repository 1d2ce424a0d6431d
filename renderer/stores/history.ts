import { create } from 'zustand';
import type { ErrorShape } from '../../app/errors';
import type { Purpose } from '../../app/purposes';
import type { AuditRecordView } from '../../app/schemas';
import { api } from '../bridge/api';

/** The History screen reads at most this many records: enough for any shift, bounded for a thin client's memory. */
const LIMIT = 10_000;

interface HistoryState {
  records: AuditRecordView[];
  total: number;
  loaded: boolean;
  error: ErrorShape | null;
  purpose: Purpose | 'all';
  event: string;
  setPurpose(purpose: Purpose | 'all'): void;
  setEvent(event: string): void;
  load(): Promise<void>;
}

let request = 0;

export const useHistory = create<HistoryState>()((set) => ({
  records: [],
  total: 0,
  loaded: false,
  error: null,
  purpose: 'all',
  event: 'all',
  setPurpose: (purpose) => set({ purpose }),
  setEvent: (event) => set({ event }),
  async load() {
    const mine = ++request;
    const result = await api.auditList({ limit: LIMIT });
    // A slower, older answer must not overwrite a newer one.
    if (mine !== request) return;
    if (result.ok) set({ records: result.value.records, total: result.value.total, loaded: true, error: null });
    else set({ error: result.error, loaded: true });
  },
}));

/** Records matching the filters, still newest first as main sent them. */
export function filterRecords(records: AuditRecordView[], purpose: Purpose | 'all', event: string): AuditRecordView[] {
  return records.filter((r) => (purpose === 'all' || r.details.purpose === purpose) && (event === 'all' || r.event === event));
}

/**
 * Re-reads while the History screen is shown. The audit record of a change
 * is appended just after the store file is written, and main's data-folder
 * watcher does not look at audit/: a second read shortly after the event
 * catches a record that was not yet there at the first.
 */
export function followHistory(): () => void {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const reload = () => {
    void useHistory.getState().load();
    const timer = setTimeout(() => {
      timers.delete(timer);
      void useHistory.getState().load();
    }, 1500);
    timers.add(timer);
  };
  const offStore = api.on('storeChanged', reload);
  const offManagement = api.on('managementChanged', reload);
  void useHistory.getState().load();
  return () => {
    offStore();
    offManagement();
    for (const timer of timers) clearTimeout(timer);
  };
}
