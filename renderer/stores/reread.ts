/**
 * One re-read for a burst of "changed" events. Main says so once per kind of
 * change, and one change can be of two kinds (a sync changes the store and the
 * management state): events that arrive together, or while a read is under
 * way, lead to one more read, never one each.
 */
export const REREAD_QUIET_MS = 30;

export function coalescedReread(read: () => Promise<void>, quietMs = REREAD_QUIET_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let reading = false;
  let again = false;
  const run = () => {
    timer = null;
    if (reading) {
      // What is being read may predate the event: read once more when it is done.
      again = true;
      return;
    }
    reading = true;
    void read().finally(() => {
      reading = false;
      if (again) {
        again = false;
        schedule();
      }
    });
  };
  const schedule = () => {
    timer ??= setTimeout(run, quietMs);
  };
  return schedule;
}
