/**
 * Autostart at boot (issue 9, assets/kiosk/): the systemd unit passes
 * `systemd-analyze verify` in a scratch root shaped like a Debian system, the
 * scripts pass shellcheck, and install.sh installs into a scratch root with
 * the expected files and modes, twice with the same result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const kiosk = path.join(root, 'assets', 'kiosk');
const unitFile = path.join(kiosk, 'thincert-kiosk.service');
const unit = readFileSync(unitFile, 'utf8');

function run(command: string, args: string[], cwd = root) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}`, error: result.error };
}

/** Every `Key=value` of the unit, in order, with [Section] prefixes: "Service.User" → ["thincert"]. */
function directives(text: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      section = header[1] as string;
      continue;
    }
    const at = line.indexOf('=');
    const key = `${section}.${line.slice(0, at)}`;
    map.set(key, [...(map.get(key) ?? []), line.slice(at + 1)]);
  }
  return map;
}

const d = directives(unit);
const one = (key: string) => d.get(key)?.join(' ');

/** A scratch root with the host's systemd units (targets, getty@) and a stand-in for cage. */
function scratchRoot(withCage: boolean): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'thincert-root-'));
  mkdirSync(path.join(dir, 'usr', 'lib', 'systemd'), { recursive: true });
  cpSync('/usr/lib/systemd/system', path.join(dir, 'usr', 'lib', 'systemd', 'system'), { recursive: true, verbatimSymlinks: true });
  mkdirSync(path.join(dir, 'etc', 'systemd', 'system'), { recursive: true });
  cpSync(unitFile, path.join(dir, 'etc', 'systemd', 'system', 'thincert-kiosk.service'));
  if (withCage) {
    mkdirSync(path.join(dir, 'usr', 'bin'), { recursive: true });
    writeFileSync(path.join(dir, 'usr', 'bin', 'cage'), '#!/bin/sh\nexec "$@"\n');
    chmodSync(path.join(dir, 'usr', 'bin', 'cage'), 0o755);
  }
  return dir;
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('the kiosk unit (thincert-kiosk.service)', () => {
  it('passes systemd-analyze verify in a Debian-shaped root where cage is installed', () => {
    const dir = scratchRoot(true);
    scratch.push(dir);
    const result = run('systemd-analyze', ['verify', `--root=${dir}`, 'thincert-kiosk.service']);
    expect(result.error).toBeUndefined();
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('verify really checks the root: without cage it names the missing binary', () => {
    const dir = scratchRoot(false);
    scratch.push(dir);
    const result = run('systemd-analyze', ['verify', `--root=${dir}`, 'thincert-kiosk.service']);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('/usr/bin/cage');
  });

  it('runs the AppImage under cage as the unprivileged user thincert on tty1, with a logind session', () => {
    expect(one('Service.ExecStart')).toMatch(/^\/usr\/bin\/cage -- \/opt\/thincert\/ThinCert\.AppImage /);
    // cage -s would allow switching virtual terminals out of the kiosk.
    expect(one('Service.ExecStart')).not.toMatch(/cage[^-]*-s/);
    expect(one('Service.User')).toBe('thincert');
    expect(one('Service.Group')).toBe('thincert');
    expect(one('Service.PAMName')).toBe('login');
    expect(one('Service.TTYPath')).toBe('/dev/tty1');
    expect(one('Unit.Conflicts')).toContain('getty@tty1.service');
  });

  it('restarts always, with a rate limit', () => {
    expect(one('Service.Restart')).toBe('always');
    expect(Number(one('Unit.StartLimitIntervalSec'))).toBeGreaterThan(0);
    expect(Number(one('Unit.StartLimitBurst'))).toBeGreaterThan(0);
  });

  it('does not wait for the network: certificates must be manageable offline', () => {
    expect(unit.split('\n').filter((line) => !line.trim().startsWith('#')).join('\n')).not.toMatch(/network/);
  });

  it('keeps the store in /var/lib/thincert, mode 0700, owned by the service user', () => {
    expect(d.get('Service.Environment')).toContain('THINCERT_DATA_DIR=/var/lib/thincert');
    expect(one('Service.StateDirectory')).toBe('thincert');
    expect(one('Service.StateDirectoryMode')).toBe('0700');
  });
});

describe('shell scripts', () => {
  it.each(['install.sh', 'thincert'])('%s passes shellcheck', (name) => {
    const result = run('shellcheck', ['--shell=sh', path.join(kiosk, name)]);
    expect(result.error).toBeUndefined();
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('the wrapper calls the AppImage with --cli "$@", headless switches first', () => {
    const wrapper = readFileSync(path.join(kiosk, 'thincert'), 'utf8');
    const execs = wrapper.split('\n').filter((line) => /"\$appimage"/.test(line) && /--cli/.test(line));
    expect(execs.length).toBeGreaterThan(0);
    for (const line of execs) expect(line).toMatch(/--ozone-platform=headless --disable-gpu --cli "\$@"$/);
  });
});

describe('install.sh --root DIR', () => {
  let target: string;
  let appimage: string;
  let firstRun: ReturnType<typeof run>;

  function snapshot(dir: string): string[] {
    const rows: string[] = [];
    const walk = (rel: string) => {
      for (const name of readdirSync(path.join(dir, rel)).sort()) {
        const relPath = path.join(rel, name);
        const stat = lstatSync(path.join(dir, relPath));
        const mode = (stat.mode & 0o7777).toString(8).padStart(4, '0');
        if (stat.isSymbolicLink()) rows.push(`${relPath} -> ${readlinkSync(path.join(dir, relPath))}`);
        else if (stat.isDirectory()) {
          rows.push(`${relPath}/ ${mode}`);
          walk(relPath);
        } else rows.push(`${relPath} ${mode} ${readFileSync(path.join(dir, relPath)).length}`);
      }
    };
    walk('');
    return rows;
  }

  beforeAll(() => {
    target = mkdtempSync(path.join(os.tmpdir(), 'thincert-install-'));
    const source = mkdtempSync(path.join(os.tmpdir(), 'thincert-appimage-'));
    scratch.push(target, source);
    appimage = path.join(source, 'ThinCert-0.1.0-x86_64.AppImage');
    writeFileSync(appimage, '#!/bin/sh\necho stand-in AppImage\n');
    firstRun = run('sh', [path.join(kiosk, 'install.sh'), '--root', target, '--appimage', appimage]);
  });

  it('succeeds', () => {
    expect(firstRun.error).toBeUndefined();
    expect(firstRun.status, firstRun.output).toBe(0);
  });

  it.each([
    ['opt/thincert/ThinCert.AppImage', 0o755],
    ['etc/systemd/system/thincert-kiosk.service', 0o644],
    ['usr/local/bin/thincert', 0o755],
    ['var/lib/thincert', 0o700],
  ])('installs %s with mode %o', (rel, mode) => {
    const stat = lstatSync(path.join(target, rel));
    expect(stat.mode & 0o7777).toBe(mode);
  });

  it('copies the AppImage, the unit and the wrapper byte for byte', () => {
    expect(readFileSync(path.join(target, 'opt/thincert/ThinCert.AppImage'))).toEqual(readFileSync(appimage));
    expect(readFileSync(path.join(target, 'etc/systemd/system/thincert-kiosk.service'), 'utf8')).toBe(unit);
    expect(readFileSync(path.join(target, 'usr/local/bin/thincert'), 'utf8')).toBe(readFileSync(path.join(kiosk, 'thincert'), 'utf8'));
  });

  it('enables the unit for boot', () => {
    const link = path.join(target, 'etc/systemd/system/multi-user.target.wants/thincert-kiosk.service');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('/etc/systemd/system/thincert-kiosk.service');
  });

  it('creates no user and changes no ownership in a scratch root', () => {
    expect(existsSync(path.join(target, 'etc/passwd'))).toBe(false);
    expect(lstatSync(path.join(target, 'var/lib/thincert')).uid).toBe(process.getuid?.());
  });

  it('is idempotent: a second run leaves exactly the same tree', () => {
    const before = snapshot(target);
    const again = run('sh', [path.join(kiosk, 'install.sh'), '--root', target, '--appimage', appimage]);
    expect(again.status, again.output).toBe(0);
    expect(snapshot(target)).toEqual(before);
  });

  it('refuses a missing AppImage with one line and installs nothing', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'thincert-install-'));
    scratch.push(empty);
    const result = run('sh', [path.join(kiosk, 'install.sh'), '--root', empty, '--appimage', path.join(empty, 'nope.AppImage')]);
    expect(result.status).toBe(1);
    expect(result.output.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(empty)).toEqual([]);
  });
});
