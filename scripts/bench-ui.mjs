#!/usr/bin/env node
// `node scripts/bench-ui.mjs [size] [paint] [cold] [--runs=N]`: bundles and runs the renderer's bench rows alone (bench/ui-rows.ts).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [path.join(root, 'bench', 'ui-rows.ts')],
  outfile: path.join(root, 'out', 'bench', 'ui-rows.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['playwright-core', 'electron'],
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [path.join(root, 'out', 'bench', 'ui-rows.cjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
