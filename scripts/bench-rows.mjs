#!/usr/bin/env node
// `node scripts/bench-rows.mjs [verify] [revocation]`: bundles and runs the issue 16 bench rows alone (bench/rows-alone.ts).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = (source, output) =>
  build({
    entryPoints: [path.join(root, source)],
    outfile: path.join(root, 'out', output),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['playwright-core', 'electron'],
    logLevel: 'warning',
  });
// The worker as scripts/build.mjs makes it, so the row measures the threads the CLI uses.
await Promise.all([bundle('bench/rows-alone.ts', 'bench/rows-alone.cjs'), bundle('main/core/trust/verify-worker.ts', 'cli/verify-worker.cjs')]);
const run = spawnSync(process.execPath, [path.join(root, 'out', 'bench', 'rows-alone.cjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
