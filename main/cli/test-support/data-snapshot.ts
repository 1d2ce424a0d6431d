import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Every file under a data folder, by path relative to it, with its bytes (base64): two snapshots are equal
 * exactly when nothing on disk changed, which is how a test shows that a refused command wrote nothing.
 */
export function snapshotOf(dataDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(dataDir, full)] = readFileSync(full).toString('base64');
    }
  };
  walk(dataDir);
  return files;
}
