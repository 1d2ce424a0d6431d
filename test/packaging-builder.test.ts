/**
 * electron-builder itself, run here without a real Electron (issue 9): the
 * Electron dist is a stand-in (an x86-64 ELF, /bin/true, with a version
 * file), so electron-builder really reads electron-builder.yml, asks
 * package.mjs-style for the dist per architecture, packs app.asar and calls the
 * afterPack hook — whose flipFuses then refuses the stand-in, which proves the
 * hook is wired. The asar it wrote is listed and must hold only built output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { listPackage, statFile } from '@electron/asar';

const root = path.resolve(__dirname, '..');
const require = createRequire(__filename);
const work = mkdtempSync(path.join(os.tmpdir(), 'thincert-builder-'));
const fakeDist = path.join(work, 'electron-dist');
const output = path.join(work, 'out');
let result: { status: number | null; stdout: string; stderr: string };

beforeAll(() => {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'ensure-built.mjs')], { cwd: root, encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
  mkdirSync(path.join(fakeDist, 'resources'), { recursive: true });
  copyFileSync('/bin/true', path.join(fakeDist, 'electron'));
  writeFileSync(path.join(fakeDist, 'version'), '45.4.1');
  const runner = path.join(work, 'run.mjs');
  writeFileSync(
    runner,
    `import { build, Platform, Arch } from ${JSON.stringify(pathToFileURL(require.resolve('electron-builder')).href)};
const asked = [];
try {
  await build({
    projectDir: ${JSON.stringify(root)},
    config: { directories: { output: ${JSON.stringify(output)} }, electronDist: (prepare) => (asked.push(prepare.arch), ${JSON.stringify(fakeDist)}) },
    targets: Platform.LINUX.createTarget(['dir'], Arch.x64),
    publish: 'never',
  });
  console.log('RESULT built');
} catch (error) {
  console.log('RESULT failed: ' + String(error.message).split('\\n')[0]);
}
console.log('ASKED ' + asked.join(','));
`,
  );
  const run = spawnSync(process.execPath, [runner], { cwd: root, encoding: 'utf8', timeout: 240_000 });
  result = { status: run.status, stdout: run.stdout, stderr: run.stderr };
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('electron-builder with a stand-in Electron', () => {
  it('asks for the Electron dist of the architecture it packs', () => {
    expect(result.stdout).toContain('ASKED x64');
  });

  it('runs the afterPack hook, whose flipFuses refuses a binary without a fuse wire', () => {
    expect(result.stdout).toMatch(/RESULT failed: .*sentinel/i);
  });

  it('the app.asar it wrote holds exactly the built output', () => {
    const asar = path.join(output, 'linux-unpacked', 'resources', 'app.asar');
    expect(existsSync(asar), result.stdout + result.stderr).toBe(true);
    // Files only: a directory entry of the archive has `files`.
    const files = listPackage(asar, { isPack: false })
      .map((f) => f.replace(/^\//, ''))
      .filter((f) => !('files' in statFile(asar, f)));
    expect(files).toContain('package.json');
    expect(files).toContain('out/main/electron.cjs');
    expect(files).toContain('out/preload/preload.cjs');
    expect(files).toContain('out/renderer/index.html');
    expect(files).toContain('out/cli/thincert.cjs');
    expect(files.filter((f) => f !== 'package.json' && !/^out\/(main|preload|renderer|cli)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /\.(map|ts|tsx)$/.test(f))).toEqual([]);
  });

  it('leaves no app/ folder beside the asar for Electron to load instead', () => {
    expect(existsSync(path.join(output, 'linux-unpacked', 'resources', 'app'))).toBe(false);
  });
});
