/**
 * Issue 14: the CLI runs through a V8 code cache made at build time. The
 * cache must be used when it fits and never change what runs when it does
 * not: another build of the bundle, a damaged file, another V8.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
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
    // As scripts/build.mjs builds them, into this test's folder so it does not race other builds of out/.
    await Promise.all(
      [
        ['main/cli/bin.ts', 'thincert-cli.cjs'],
        ['main/cli/launcher.ts', 'thincert.cjs'],
      ].map(([src, out]) =>
        build({ entryPoints: [path.join(root, src as string)], outfile: path.join(cli, out as string), bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['electron'], logLevel: 'silent' }),
      ),
    );
    const bundle = path.join(cli, 'thincert-cli.cjs');
    const pki = createTestPki();
    const pem = pki.rootRsa.certPath;
    // One instant for every run, so their answers (times added, days left) can be compared whole.
    const now = new Date().toISOString();
    const run = (dataDir: string, args: string[]) => {
      const result = spawnSync(process.execPath, [path.join(cli, 'thincert.cjs'), '--data-dir', dataDir, ...args], { encoding: 'utf8', env: { ...process.env, THINCERT_NOW: now } });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    const session = (name: string) => {
      const dataDir = path.join(work, name);
      return [run(dataDir, ['add', 'rdp', pem]), run(dataDir, ['list', '--json']), run(dataDir, ['status', '--json'])].map((r) => ({
        ...r,
        stdout: r.stdout.replaceAll(dataDir, 'DATA'),
      }));
    };

    const cold = session('cold');
    expect(cold.map((r) => r.status)).toEqual([0, 0, 0]);

    const { makeCliCodeCache } = (await import(path.join(root, 'scripts', 'cli-code-cache.mjs'))) as { makeCliCodeCache: (bundle: string) => Promise<void> };
    await makeCliCodeCache(bundle);
    expect(readFileSync(codeCachePath(bundle)).length).toBeGreaterThan(100_000);
    expect(session('cached')).toEqual(cold);

    const made = readFileSync(codeCachePath(bundle));
    writeFileSync(codeCachePath(bundle), Buffer.concat([made.subarray(0, made.indexOf(0x0a) + 1), Buffer.alloc(made.length, 1)]));
    expect(session('damaged')).toEqual(cold);
    pki.cleanup();
  }, 300_000);
});
