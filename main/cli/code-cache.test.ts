/**
 * Issue 14: the CLI runs through a V8 code cache made at build time. The
 * cache must be used when it fits and never change what runs when it does
 * not: another build of the bundle, a damaged file, another V8.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki } from '../../test/peers/test-pki';
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

      const { makeCliCodeCache } = (await import(path.join(root, 'scripts', 'cli-code-cache.mjs'))) as { makeCliCodeCache: (bundle: string) => Promise<void> };
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

const BUILD: BuildOptions = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['electron'], logLevel: 'silent' };
