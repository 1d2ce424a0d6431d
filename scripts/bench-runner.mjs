// The one way the bench scripts run a bench entry: bundle it (and any helper it spawns) to out/ as the
// CLI is bundled, run it with this process's arguments, and exit with its status.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * entry: the bench source and where its bundle goes, both relative to the repository root.
 * also: more sources to bundle beside it (e.g. a worker the entry starts).
 * ensureBuilt: build the app first when a source is newer than the last build (the whole bench measures the build).
 */
export async function runBench({ entry, also = [], ensureBuilt = false }) {
  if (ensureBuilt) {
    const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'ensure-built.mjs')], { stdio: 'inherit' });
    if (built.status !== 0) process.exit(1);
  }
  const bundle = ({ source, output }) =>
    build({
      entryPoints: [path.join(root, source)],
      outfile: path.join(root, output),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      // Playwright and Electron are run, never bundled.
      external: ['playwright-core', 'electron'],
      logLevel: 'warning',
    });
  await Promise.all([entry, ...also].map(bundle));
  const run = spawnSync(process.execPath, [path.join(root, entry.output), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
