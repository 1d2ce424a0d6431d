import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PURPOSES } from '../../../app/purposes';
import { STORE_FILE, bundlesDir } from './layout';

/**
 * write-file-atomic names its temp file `<target>.<decimal number>` and
 * removes it on a normal exit, but a SIGKILL or power loss leaves it behind.
 * Called only under the store lock: every writer of these targets holds that
 * lock, so any such file seen then belongs to a writer that died.
 */
export async function removeOrphanedTempFiles(dir: string): Promise<void> {
  await removeMatching(dir, tempNamePattern([STORE_FILE]));
  await removeMatching(bundlesDir(dir), tempNamePattern(PURPOSES.map((purpose) => `${purpose}.pem`)));
}

function tempNamePattern(targets: readonly string[]): RegExp {
  const names = targets.map((name) => name.replace(/\./g, '\\.')).join('|');
  return new RegExp(`^(?:${names})\\.\\d+$`);
}

async function removeMatching(folder: string, pattern: RegExp): Promise<void> {
  const entries = await readdir(folder).catch(() => []);
  await Promise.all(entries.filter((name) => pattern.test(name)).map((name) => rm(join(folder, name), { force: true })));
}
