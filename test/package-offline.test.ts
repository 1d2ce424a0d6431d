/**
 * `npm run package` where no Electron can be had (issue 9): this machine has no
 * Electron dist, no electron-builder cache and no network. The script must
 * stop before electron-builder starts: exit 1, one line saying what is missing
 * and how to provide it, no stack trace, no dist/.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

function runPackage(env: NodeJS.ProcessEnv, args: string[] = []) {
  return spawnSync(process.execPath, [path.join(root, 'scripts', 'package.mjs'), ...args], { cwd: root, encoding: 'utf8', env, timeout: 20_000 });
}

/** The environment of a machine that has nothing: empty caches, no proxy, a download host that cannot resolve. */
function offlineEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') };
  // An unresolvable mirror (.invalid, RFC 2606) stands for "no network" even where the machine has one.
  env.ELECTRON_MIRROR = 'https://electron-mirror.invalid/';
  return env;
}

describe('npm run package without an Electron dist', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'thincert-home-'));
  const distExisted = existsSync(path.join(root, 'dist'));

  it('stops at once: exit 1, one line naming what is missing and how to provide it, no dist/', () => {
    const result = runPackage(offlineEnv(home));
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^npm run package: no Electron 45\.4\.1 for linux-x64, linux-arm64 /);
    expect(lines[0]).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(lines[0]).toContain('electron-v45.4.1-linux-arm64.zip');
    expect(lines[0]).not.toMatch(/\bat .*:\d+:\d+/); // no stack frame
    if (!distExisted) expect(existsSync(path.join(root, 'dist'))).toBe(false);
  });

  it('names a wrong ELECTRON_OVERRIDE_DIST_PATH instead of pretending to download', () => {
    const result = runPackage({ ...offlineEnv(home), ELECTRON_OVERRIDE_DIST_PATH: path.join(home, 'no-such-dist') }, ['--dir']);
    expect(result.status).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`ELECTRON_OVERRIDE_DIST_PATH=${path.join(home, 'no-such-dist')} does not exist`);
  });

  it('refuses an unknown argument with one line', () => {
    const result = runPackage(offlineEnv(home), ['--mac']);
    expect(result.status).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual(['npm run package: unknown argument --mac (use --dir, --arch x64, --arch arm64)']);
    rmSync(home, { recursive: true, force: true });
  });
});
