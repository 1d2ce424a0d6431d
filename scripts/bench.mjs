#!/usr/bin/env node
// `npm run bench [-- --quick]`: builds, bundles the benchmark and runs it.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'ensure-built.mjs')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(1);
await build({
  entryPoints: [path.join(root, 'bench', 'bench.ts')],
  outfile: path.join(root, 'out', 'bench', 'bench.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['playwright-core', 'electron'],
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [path.join(root, 'out', 'bench', 'bench.cjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
