#!/usr/bin/env node
// Builds everything into out/: the renderer with Vite; main, preload, web host,
// CLI and simulator with esbuild. esbuild rather than electron-vite's build:
// one small API that bundles plain Node entry points in milliseconds and needs
// no Electron binary, while Vite stays the renderer's dev/build tool.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'out');
const only = new Set(process.argv.slice(2));
const want = (name) => only.size === 0 || only.has(name);

/** Node entry points: [source, output, packaged in the app?] */
export const NODE_ENTRIES = [
  ['main/electron/main.ts', 'main/electron.cjs'],
  ['main/preload/preload.ts', 'preload/preload.cjs'],
  ['main/web/server.ts', 'web/server.cjs'],
  ['main/cli/bin.ts', 'cli/thincert.cjs'],
  ['main/sim/bin/ksc-sim.ts', 'sim/ksc-sim.cjs'],
  ['main/sim/bin/ksc-admin.ts', 'sim/ksc-admin.cjs'],
];

const started = Date.now();
if (only.size === 0) rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const buildDate = process.env.SOURCE_DATE_EPOCH
  ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000).toISOString()
  : new Date().toISOString();

const entries = NODE_ENTRIES.filter(([src]) => existsSync(path.join(root, src)));
if (want('node')) {
  await Promise.all(
    entries.map(([src, dest]) =>
      build({
        entryPoints: [path.join(root, src)],
        outfile: path.join(out, dest),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['electron'],
        define: { __THINCERT_BUILD_DATE__: JSON.stringify(buildDate) },
        sourcemap: false,
        minify: false,
        legalComments: 'none',
        logLevel: 'warning',
      }),
    ),
  );
}

if (want('renderer')) {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

writeFileSync(path.join(out, '.build-stamp'), JSON.stringify({ builtAt: buildDate }));
console.log(`built out/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
