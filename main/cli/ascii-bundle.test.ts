/**
 * Issue 14: the CLI bundle the build leaves is ASCII-only, so Node reads its
 * 1.7 MB as a one-byte string instead of decoding UTF-8 at every start; the
 * rewrite changes no string the CLI says or compares.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thincert } from './test-support/capture';

const root = fileURLToPath(new URL('../..', import.meta.url));
let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'thincert-ascii-bundle-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const nonAscii = (bytes: Buffer) => bytes.findIndex((byte) => byte > 0x7f);

describe('the CLI bundle as the build leaves it', () => {
  it('is ASCII-only after the code cache is made, and says the same as the CLI in process', async () => {
    const cli = path.join(work, 'cli');
    const { lazyBuiltins } = (await import(path.join(root, 'scripts', 'lazy-builtins.mjs'))) as { lazyBuiltins: () => Plugin };
    const options: BuildOptions = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['electron'], logLevel: 'silent' };
    // As scripts/build.mjs builds them, into this test's folder so it does not race other builds of out/.
    await Promise.all([
      build({ ...options, entryPoints: [path.join(root, 'main/cli/bin.ts')], outfile: path.join(cli, 'thincert-cli.cjs'), plugins: [lazyBuiltins()] }),
      build({ ...options, entryPoints: [path.join(root, 'main/cli/launcher.ts')], outfile: path.join(cli, 'thincert.cjs') }),
    ]);
    const bundle = path.join(cli, 'thincert-cli.cjs');
    const { makeCliCodeCache } = (await import(path.join(root, 'scripts', 'code-cache.mjs'))) as { makeCliCodeCache: (bundle: string) => Promise<void> };
    await makeCliCodeCache(bundle);
    expect(nonAscii(readFileSync(bundle))).toBe(-1);
    const dataDir = path.join(work, 'data');
    const built = execFileSync(process.execPath, [path.join(cli, 'thincert.cjs'), '--help'], { encoding: 'utf8', env: { ...process.env, THINCERT_DATA_DIR: dataDir } });
    expect(built).toBe((await thincert(dataDir, ['--help'])).stdout);
  }, 300_000);

  it('escapes what JavaScript would read as the same characters: strings, regular expressions and comments keep their meaning', async () => {
    const { asciiOnlyBundle } = (await import(path.join(root, 'scripts', 'ascii-bundle.mjs'))) as { asciiOnlyBundle: (bundle: string) => void };
    const file = path.join(work, 'sample.cjs');
    const text = 'Issue 16 §3 … ключ 😀';
    writeFileSync(file, `// § a comment …\nmodule.exports = { text: ${JSON.stringify(text)}, matches: /^Issue 16 §3 … ключ 😀$/.test(${JSON.stringify(text)}) };\n`);
    asciiOnlyBundle(file);
    expect(nonAscii(readFileSync(file))).toBe(-1);
    // Run as Node runs the bundle: CommonJS, read from disk.
    const loaded = createRequire(import.meta.url)(file) as { text: string; matches: boolean };
    expect(loaded).toEqual({ text, matches: true });
  });
});
