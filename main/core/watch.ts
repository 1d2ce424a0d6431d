/**
 * Notices changes another process (a CLI over SSH, a second app instance) made
 * to the data folder, so the kiosk re-reads what it shows (issue 6: "live
 * updates, also when the CLI changed the store"). Polling a few mtimes is
 * cheap and, unlike fs.watch, works on every file system and survives the
 * folder being created later.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';

const POLL_MS = 1000;

export function watchDataDir(dataDir: string, on: { store: () => void; management: () => void }): () => void {
  const watched = [
    { file: path.join(dataDir, 'store.json'), notify: on.store },
    { file: path.join(dataDir, 'config.json'), notify: on.store },
    { file: path.join(dataDir, 'management', 'state.json'), notify: on.management },
    // head.json is rewritten after every audit append: the History screen re-reads.
    { file: path.join(dataDir, 'audit', 'head.json'), notify: on.store },
  ];
  const last = new Map<string, string>();
  let stopped = false;
  const poll = async () => {
    for (const { file, notify } of watched) {
      const info = await stat(file).catch(() => null);
      const stamp = info ? `${info.ino}:${info.mtimeMs}:${info.size}` : 'missing';
      const previous = last.get(file);
      last.set(file, stamp);
      if (previous !== undefined && previous !== stamp && !stopped) notify();
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), POLL_MS);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
