import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PURPOSES } from '../../../app/purposes';
import { STORE_FILE, bundlesDir } from './layout';
import { assertSafeFolders } from './safe-folder';

/**
 * writeFileDurable names its temp file `<target>.<decimal number>` and
 * removes it when the write fails, but a SIGKILL or power loss leaves it behind.
 * Called only under the store lock: every writer of these targets holds that
 * lock, so any such file seen then belongs to a writer that died.
 *
 * It runs before store.json is written, so it also refuses a data or bundles
 * folder others can change (hole 9) before the store changes at all: store.json
 * and the bundles succeed or are refused together.
 */
export async function removeOrphanedTempFiles(dir: string): Promise<void> {
  await assertSafeFolders([dir, bundlesDir(dir)]);
  await Promise.all([
    removeMatching(dir, tempNamePattern([STORE_FILE])),
    removeMatching(bundlesDir(dir), tempNamePattern(PURPOSES.map((purpose) => `${purpose}.pem`))),
  ]);
}

function tempNamePattern(targets: readonly string[]): RegExp {
  const names = targets.map((name) => name.replace(/\./g, '\\.')).join('|');
  return new RegExp(`^(?:${names})\\.\\d+$`);
}

async function removeMatching(folder: string, pattern: RegExp): Promise<void> {
  const entries = await readdir(folder).catch(() => []);
  await Promise.all(entries.filter((name) => pattern.test(name)).map((name) => rm(join(folder, name), { force: true })));
}
