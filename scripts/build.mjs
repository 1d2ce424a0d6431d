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
import { lazyBuiltins } from './lazy-builtins.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'out');
const only = new Set(process.argv.slice(2));
const want = (name) => only.size === 0 || only.has(name);

/** Node entry points: [source, output, packaged in the app?] */
export const NODE_ENTRIES = [
  ['main/electron/main.ts', 'main/electron.cjs'],
  ['main/preload/preload.ts', 'preload/preload.cjs'],
  // The web host too: out/web/server.cjs, the path everyone starts, runs its bundle through a V8 code cache (issue 14).
  ['main/web/server.ts', 'web/thincert-web.cjs'],
  ['main/web/launcher.ts', 'web/server.cjs'],
  // The CLI is a bundle and a launcher that runs it through a V8 code cache (issue 14).
  ['main/cli/bin.ts', 'cli/thincert-cli.cjs'],
  ['main/cli/launcher.ts', 'cli/thincert.cjs'],
  // `verify --stdin`'s worker threads: main/core/trust/verify-pool.ts finds them beside the CLI.
  ['main/core/trust/verify-worker.ts', 'cli/verify-worker.cjs'],
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
        // The CLI's start is measured per command (issue 14): Node modules only some commands use load when first used.
        plugins: src === 'main/cli/bin.ts' ? [lazyBuiltins()] : [],
        sourcemap: false,
        minify: false,
        legalComments: 'none',
        logLevel: 'warning',
      }),
    ),
  );
}

const built = (source) => want('node') && entries.some(([src]) => src === source);
// The CLI's code cache is made by running it, beside the renderer's build.
const cliCodeCache = built('main/cli/bin.ts')
  ? import('./code-cache.mjs').then(({ makeCliCodeCache }) => makeCliCodeCache(path.join(out, 'cli', 'thincert-cli.cjs')))
  : Promise.resolve();

if (want('renderer')) {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}
await cliCodeCache;
// The web host's is made by serving the built page to a client here, so after the renderer; the CLI fills its store.
if (built('main/web/server.ts')) {
  const { makeWebCodeCache } = await import('./code-cache.mjs');
  await makeWebCodeCache(path.join(out, 'web', 'thincert-web.cjs'), { cli: path.join(out, 'cli', 'thincert.cjs') });
}

writeFileSync(path.join(out, '.build-stamp'), JSON.stringify({ builtAt: buildDate }));
console.log(`built out/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
