/**
 * Issue 14: the CLI and the web host run through a V8 code cache made at
 * build time. The cache must be used when it fits and never change what runs
 * when it does not: another build of the bundle, a damaged file, another V8,
 * or no cache at all because its training failed.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestPki } from '../../test/peers/test-pki';
import { openPageSocket } from '../web/test-support/page-socket';
import { startWebProcess } from '../web/test-support/web-process';
import { codeCachePath, runBundle } from './code-cache';

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'thincert-code-cache-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

declare global {
  var codeCacheProbe: string | undefined;
}

function bundleSaying(file: string, word: string): void {
  writeFileSync(file, `globalThis.codeCacheProbe = ${JSON.stringify(word)} + ' from ' + require('node:path').basename(__filename);\n`);
}

describe('runBundle', () => {
  it('uses a cache made from this bundle, and ignores one made from another build or damaged, running the bundle as it is', () => {
    const bundle = path.join(work, 'probe.cjs');
    bundleSaying(bundle, 'first');
    const cold = runBundle(bundle, undefined);
    expect(cold.cacheUsed).toBe(false);
    expect(globalThis.codeCacheProbe).toBe('first from probe.cjs');
    writeFileSync(codeCachePath(bundle), cold.cacheNow());
    expect(path.basename(codeCachePath(bundle))).toBe(`probe.cjs.v8-${process.versions.v8}-${process.arch}.cache`);

    expect(runBundle(bundle, undefined).cacheUsed).toBe(true);

    // Another build of the same length: V8 alone would compare only the length.
    bundleSaying(bundle, 'other');
    utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
    const rebuilt = runBundle(bundle, undefined);
    expect(rebuilt.cacheUsed).toBe(false);
    expect(globalThis.codeCacheProbe).toBe('other from probe.cjs');

    // A cache whose header fits but whose code V8 refuses (a damaged file, another V8 build with the same name).
    // A source this process has not compiled yet: V8 would otherwise answer from its own in-memory cache.
    bundleSaying(bundle, 'third');
    const info = statSync(bundle);
    writeFileSync(codeCachePath(bundle), Buffer.concat([Buffer.from(`${JSON.stringify({ size: info.size, mtimeMs: info.mtimeMs })}\n`), Buffer.alloc(4096, 7)]));
    const damaged = runBundle(bundle, undefined);
    expect(damaged.cacheUsed).toBe(false);
    expect(globalThis.codeCacheProbe).toBe('third from probe.cjs');
  });
});

describe('the built CLI through its launcher', () => {
  it('answers the same with no cache, with the cache the build makes, and with a damaged cache', async () => {
    const cli = path.join(work, 'cli');
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const { lazyBuiltins } = (await import(path.join(root, 'scripts', 'lazy-builtins.mjs'))) as { lazyBuiltins: () => Plugin };
    // As scripts/build.mjs builds them (the bundle with Node modules loaded on first use), into this test's folder so it does not race other builds of out/.
    await Promise.all([
      build({ ...BUILD, entryPoints: [path.join(root, 'main/cli/bin.ts')], outfile: path.join(cli, 'thincert-cli.cjs'), plugins: [lazyBuiltins()] }),
      build({ ...BUILD, entryPoints: [path.join(root, 'main/cli/launcher.ts')], outfile: path.join(cli, 'thincert.cjs') }),
    ]);
    const bundle = path.join(cli, 'thincert-cli.cjs');
    const pki = createTestPki();
    // A server on loopback for `check`: the network modules load on first use.
    const server = tls.createServer({ key: readFileSync(pki.ipAddress.keyPath), cert: readFileSync(pki.pki.bundle('ip-chain', [pki.ipAddress, pki.intermediate])) }, (socket) => socket.end());
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const at = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    // One instant for every run, so their answers (times added, days left) can be compared whole.
    const now = new Date().toISOString();
    const run = (dataDir: string, args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [path.join(cli, 'thincert.cjs'), '--data-dir', dataDir, ...args], { env: { ...process.env, THINCERT_NOW: now } }, (error, stdout, stderr) =>
          resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout: stdout.replaceAll(dataDir, 'DATA').replace(/"durationMs": \d+/g, '"durationMs": 0'), stderr: stderr.replaceAll(dataDir, 'DATA') }),
        );
      });
    const session = async (name: string) => {
      const dataDir = path.join(work, name);
      const answers = [];
      for (const args of [['add', 'broker', pki.rootRsa.certPath], ['list', '--json'], ['check', 'broker', at, '--json'], ['status', '--json']]) answers.push(await run(dataDir, args));
      return answers;
    };
    try {
      const cold = await session('cold');
      expect(cold.map((r) => r.status)).toEqual([0, 0, 0, 0]);
      expect(JSON.parse(cold[2]?.stdout ?? '')).toMatchObject({ trusted: true });

      const { makeCliCodeCache } = (await import(path.join(root, 'scripts', 'code-cache.mjs'))) as { makeCliCodeCache: (bundle: string) => Promise<void> };
      await makeCliCodeCache(bundle);
      expect(readFileSync(codeCachePath(bundle)).length).toBeGreaterThan(100_000);
      expect(await session('cached')).toEqual(cold);

      const made = readFileSync(codeCachePath(bundle));
      writeFileSync(codeCachePath(bundle), Buffer.concat([made.subarray(0, made.indexOf(0x0a) + 1), Buffer.alloc(made.length, 1)]));
      expect(await session('damaged')).toEqual(cold);
    } finally {
      server.close();
      pki.cleanup();
    }
  }, 300_000);
});

describe('the built web host through its launcher', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const page = '<!doctype html><title>ThinCert</title><script type="module" src="./assets/index-AbCd1234.js"></script>';

  /** Starts out/web/server.cjs as everyone does; says whether the cache was used, and that the page, its asset and `status` answer. */
  async function startAndServe(launcher: string, dataDir: string): Promise<{ cache: string; page: string; asset: number; status: unknown; exit: number | null }> {
    const host = await startWebProcess(launcher, dataDir);
    try {
      const cache = await vi.waitFor(() => {
        const said = /thincert: code cache ([^:]+):/.exec(host.output());
        if (!said?.[1]) throw new Error(`no code cache line yet: ${host.output()}`);
        return said[1];
      });
      const answer = await fetch(host.url);
      const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const asset = await fetch(new URL('/assets/index-AbCd1234.js', host.url), { headers: { cookie } });
      const ws = await openPageSocket(host);
      const status = await new Promise<unknown>((resolve) => {
        ws.once('message', (data) => resolve((JSON.parse(data.toString()) as { result: unknown }).result));
        ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'status', payload: {} }));
      });
      ws.close();
      const text = await answer.text();
      // Stopped as the kiosk stops it: a clean exit is what lets a training run write its cache.
      await host.stop();
      return { cache, page: text, asset: asset.status, status, exit: host.exitCode() };
    } finally {
      await host.stop();
    }
  }

  it('serves the page uncached, with the cache its training makes, not with a cache of another build, and after a failed training', async () => {
    // As scripts/build.mjs lays them out: out/web beside out/renderer and out/cli, in this test's folder so it does not race other builds of out/.
    const out = path.join(work, 'web-out');
    const { lazyBuiltins } = (await import(path.join(root, 'scripts', 'lazy-builtins.mjs'))) as { lazyBuiltins: () => Plugin };
    await Promise.all([
      build({ ...BUILD, entryPoints: [path.join(root, 'main/web/server.ts')], outfile: path.join(out, 'web', 'thincert-web.cjs') }),
      build({ ...BUILD, entryPoints: [path.join(root, 'main/web/launcher.ts')], outfile: path.join(out, 'web', 'server.cjs') }),
      build({ ...BUILD, entryPoints: [path.join(root, 'main/cli/bin.ts')], outfile: path.join(out, 'cli', 'thincert-cli.cjs'), plugins: [lazyBuiltins()] }),
      build({ ...BUILD, entryPoints: [path.join(root, 'main/cli/launcher.ts')], outfile: path.join(out, 'cli', 'thincert.cjs') }),
    ]);
    mkdirSync(path.join(out, 'renderer', 'assets'), { recursive: true });
    writeFileSync(path.join(out, 'renderer', 'index.html'), page);
    writeFileSync(path.join(out, 'renderer', 'assets', 'index-AbCd1234.js'), 'document.title = "ThinCert";\n');
    const bundle = path.join(out, 'web', 'thincert-web.cjs');
    const launcher = path.join(out, 'web', 'server.cjs');
    const cli = path.join(out, 'cli', 'thincert.cjs');
    const { makeWebCodeCache } = (await import(path.join(root, 'scripts', 'code-cache.mjs'))) as { makeWebCodeCache: (bundle: string, options: { cli: string }) => Promise<void> };
    const served = { page, asset: 200, status: expect.objectContaining({ ok: true }), exit: 0 };
    vi.stubEnv('THINCERT_CODE_CACHE_REPORT', '1');
    const warn = vi.spyOn(console, 'warn');
    try {
      expect(await startAndServe(launcher, path.join(work, 'web-cold'))).toEqual({ ...served, cache: 'absent or from another build' });

      await makeWebCodeCache(bundle, { cli });
      expect(warn).not.toHaveBeenCalled();
      expect(readFileSync(codeCachePath(bundle)).length).toBeGreaterThan(100_000);
      expect(await startAndServe(launcher, path.join(work, 'web-cached'))).toEqual({ ...served, cache: 'used' });

      // Another build of the bundle beside the old cache: it runs as built, from source.
      appendFileSync(bundle, '// another build\n');
      expect(await startAndServe(launcher, path.join(work, 'web-rebuilt'))).toEqual({ ...served, cache: 'absent or from another build' });

      // A training that fails (here: no CLI to fill its store) removes the old cache and says so; the host still serves.
      expect(existsSync(codeCachePath(bundle))).toBe(true);
      await makeWebCodeCache(bundle, { cli: path.join(out, 'cli', 'missing.cjs') });
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('no code cache for the web host'));
      expect(existsSync(codeCachePath(bundle))).toBe(false);
      expect(await startAndServe(launcher, path.join(work, 'web-untrained'))).toEqual({ ...served, cache: 'absent or from another build' });
    } finally {
      warn.mockRestore();
      vi.unstubAllEnvs();
    }
  }, 300_000);
});

const BUILD: BuildOptions = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['electron'], logLevel: 'silent' };
