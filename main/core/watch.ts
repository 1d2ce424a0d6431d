/**
 * Notices changes another process (a CLI over SSH, a second app instance) made
 * to the data folder, so the kiosk re-reads what it shows (issue 6: "live
 * updates, also when the CLI changed the store"). Polling a few (ino, mtime,
 * size) stamps is cheap and, unlike fs.watch, works on every file system and
 * survives the folder being created later.
 *
 * One change, one event (issue 14): main's own writes run inside `own()`, after
 * which the stamps of what it wrote are taken as known, so the watcher never
 * reports them (main's change emits its own event); another process's change
 * touches several files a few milliseconds apart (store.json, then the trail's
 * head.json), so a change seen is reported only once quick looks after it find
 * nothing new, each kind once.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';

const POLL_MS = 1000;
/** How soon to look again after a change, until the files stand still. */
const SETTLE_MS = 150;
/** Quiet looks in a row that make a change complete: the fsyncs of one change may be slow under load. */
const QUIET_LOOKS = 2;

type Kind = 'store' | 'management';

export interface DataDirWatcher {
  /** Runs main's own write: nothing it changes is reported as another process's change. */
  own<T>(write: () => Promise<T>): Promise<T>;
  stop(): void;
}

/** For a Service that does not watch (the CLI): its writes need no bookkeeping. */
export const NOT_WATCHING: DataDirWatcher = { own: (write) => write(), stop: () => undefined };

export function watchDataDir(dataDir: string, on: Record<Kind, () => void>, timing: { pollMs?: number; settleMs?: number } = {}): DataDirWatcher {
  const watched: { file: string; kind: Kind }[] = [
    { file: path.join(dataDir, 'store.json'), kind: 'store' },
    { file: path.join(dataDir, 'config.json'), kind: 'store' },
    { file: path.join(dataDir, 'management', 'state.json'), kind: 'management' },
    // head.json is rewritten after every audit append: the History screen re-reads.
    { file: path.join(dataDir, 'audit', 'head.json'), kind: 'store' },
  ];
  const last = new Map<string, string>();
  const pending = new Set<Kind>();
  let owning = 0;
  let quietLooks = 0;
  let stopped = false;
  let settle: NodeJS.Timeout | null = null;
  /** Looks and own writes' bookkeeping run one at a time, so a look never sees half of an own write. */
  let queue: Promise<void> = Promise.resolve();
  const serially = (step: () => Promise<void>): Promise<void> => {
    queue = queue.then(step, step);
    return queue;
  };

  const stamps = () =>
    Promise.all(
      watched.map(async ({ file, kind }) => {
        const info = await stat(file).catch(() => null);
        return { file, kind, stamp: info ? `${info.ino}:${info.mtimeMs}:${info.size}` : 'missing' };
      }),
    );

  const look = async () => {
    if (stopped || owning > 0) return;
    let changed = false;
    for (const { file, kind, stamp } of await stamps()) {
      const previous = last.get(file);
      last.set(file, stamp);
      if (previous !== undefined && previous !== stamp) {
        pending.add(kind);
        changed = true;
      }
    }
    if (pending.size === 0 || stopped) return;
    quietLooks = changed ? 0 : quietLooks + 1;
    if (quietLooks < QUIET_LOOKS) {
      if (settle) clearTimeout(settle);
      settle = setTimeout(() => void serially(look), settleMs);
      settle.unref();
      return;
    }
    quietLooks = 0;
    const kinds = [...pending];
    pending.clear();
    for (const kind of kinds) on[kind]();
  };

  const pollMs = timing.pollMs ?? POLL_MS;
  const settleMs = timing.settleMs ?? SETTLE_MS;
  void serially(look);
  const timer = setInterval(() => void serially(look), pollMs);
  timer.unref();

  return {
    async own(write) {
      // Another process's change made before ours is still reported, on its own.
      await serially(look);
      owning++;
      try {
        return await write();
      } finally {
        await serially(async () => {
          for (const { file, stamp } of await stamps()) last.set(file, stamp);
        });
        owning--;
      }
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      if (settle) clearTimeout(settle);
    },
  };
}
