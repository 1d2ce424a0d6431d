/**
 * Autostart at boot (issue 9, assets/kiosk/): the systemd unit passes
 * `systemd-analyze verify` in a scratch root shaped like a Debian system, the
 * scripts pass shellcheck, and install.sh installs into a scratch root with
 * the expected files and modes, twice with the same result. The rsyslog
 * refresh script (issue 15) runs for real: the CLI as built, a real
 * `rsyslogd -N1`, a scratch data folder and output file; only the rsyslog
 * restart is replaced by a line in a log, through the script's own setting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import os from 'node:os';
import path from 'node:path';
import { bundlePath } from '../main/core/store/layout';
import { settingsFile } from '../main/core/settings/settings';
import { managementDir, STATE_FILE } from '../main/core/management/state';
import { thincert } from '../main/cli/test-support/capture';
import { createTestPki, type TestPki } from './peers/test-pki';
import { validateSnippet } from './peers/rsyslog-sender';
import { startHarness, type Harness } from '../main/sim/test-support/harness';

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
const RSYSLOG_UNITS = ['thincert-rsyslog.service', 'thincert-rsyslog.path'];
const one = (key: string) => d.get(key)?.join(' ');

/** A scratch root with the host's systemd units (targets, getty@) and a stand-in for cage. */
function scratchRoot(withCage: boolean, withRefreshScript = true): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'thincert-root-'));
  mkdirSync(path.join(dir, 'usr', 'lib', 'systemd'), { recursive: true });
  cpSync('/usr/lib/systemd/system', path.join(dir, 'usr', 'lib', 'systemd', 'system'), { recursive: true, verbatimSymlinks: true });
  mkdirSync(path.join(dir, 'etc', 'systemd', 'system'), { recursive: true });
  cpSync(unitFile, path.join(dir, 'etc', 'systemd', 'system', 'thincert-kiosk.service'));
  for (const name of RSYSLOG_UNITS) cpSync(path.join(kiosk, name), path.join(dir, 'etc', 'systemd', 'system', name));
  if (withRefreshScript) {
    mkdirSync(path.join(dir, 'usr', 'local', 'lib', 'thincert'), { recursive: true });
    cpSync(path.join(kiosk, 'refresh-rsyslog'), path.join(dir, 'usr', 'local', 'lib', 'thincert', 'refresh-rsyslog'));
  }
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

describe('the rsyslog refresh units (thincert-rsyslog.path, .service)', () => {
  const pathUnit = directives(readFileSync(path.join(kiosk, 'thincert-rsyslog.path'), 'utf8'));
  const serviceUnit = directives(readFileSync(path.join(kiosk, 'thincert-rsyslog.service'), 'utf8'));

  it('pass systemd-analyze verify in a Debian-shaped root with the refresh script installed', () => {
    const dir = scratchRoot(true);
    scratch.push(dir);
    const result = run('systemd-analyze', ['verify', `--root=${dir}`, ...RSYSLOG_UNITS]);
    expect(result.error).toBeUndefined();
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('verify really checks the root: without the script it names it', () => {
    const dir = scratchRoot(true, false);
    scratch.push(dir);
    const result = run('systemd-analyze', ['verify', `--root=${dir}`, ...RSYSLOG_UNITS]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('/usr/local/lib/thincert/refresh-rsyslog');
  });

  it('watches the files the store really keeps the log server and its certificates in', () => {
    const device = '/var/lib/thincert';
    const watched = [bundlePath(device, 'logServer'), settingsFile(device), path.join(managementDir(device), STATE_FILE)];
    expect(pathUnit.get('Path.PathChanged')).toEqual(watched);
    expect(pathUnit.get('Path.Unit')).toEqual(['thincert-rsyslog.service']);
    expect(pathUnit.get('Install.WantedBy')).toEqual(['paths.target']);
    // The script compares the same files before and after a run, to catch a change made meanwhile.
    const script = readFileSync(path.join(kiosk, 'refresh-rsyslog'), 'utf8');
    for (const file of watched) expect(script).toContain(`"$data_dir/${path.relative(device, file)}"`);
  });

  it('runs the refresh once per trigger, as root, and never hangs for ever', () => {
    expect(serviceUnit.get('Service.Type')).toEqual(['oneshot']);
    expect(serviceUnit.get('Service.ExecStart')).toEqual(['/usr/local/lib/thincert/refresh-rsyslog']);
    // Root writes /etc/rsyslog.d; the wrapper runs the CLI as thincert.
    expect(serviceUnit.get('Service.User')).toBeUndefined();
    expect(serviceUnit.get('Service.TimeoutStartSec')).toBeDefined();
  });
});

describe('shell scripts', () => {
  it.each(['install.sh', 'thincert', 'refresh-rsyslog'])('%s passes shellcheck', (name) => {
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
    ['usr/local/lib/thincert/refresh-rsyslog', 0o755],
    ['etc/systemd/system/thincert-rsyslog.service', 0o644],
    ['etc/systemd/system/thincert-rsyslog.path', 0o644],
  ])('installs %s with mode %o', (rel, mode) => {
    const stat = lstatSync(path.join(target, rel));
    expect(stat.mode & 0o7777).toBe(mode);
  });

  it('copies the AppImage, the unit and the wrapper byte for byte', () => {
    expect(readFileSync(path.join(target, 'opt/thincert/ThinCert.AppImage'))).toEqual(readFileSync(appimage));
    expect(readFileSync(path.join(target, 'etc/systemd/system/thincert-kiosk.service'), 'utf8')).toBe(unit);
    expect(readFileSync(path.join(target, 'usr/local/bin/thincert'), 'utf8')).toBe(readFileSync(path.join(kiosk, 'thincert'), 'utf8'));
    expect(readFileSync(path.join(target, 'usr/local/lib/thincert/refresh-rsyslog'), 'utf8')).toBe(readFileSync(path.join(kiosk, 'refresh-rsyslog'), 'utf8'));
    for (const name of RSYSLOG_UNITS) {
      expect(readFileSync(path.join(target, 'etc/systemd/system', name), 'utf8')).toBe(readFileSync(path.join(kiosk, name), 'utf8'));
    }
  });

  it('enables the unit for boot', () => {
    const link = path.join(target, 'etc/systemd/system/multi-user.target.wants/thincert-kiosk.service');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('/etc/systemd/system/thincert-kiosk.service');
  });

  it('enables the rsyslog path unit, which starts the refresh service (not enabled itself)', () => {
    const link = path.join(target, 'etc/systemd/system/paths.target.wants/thincert-rsyslog.path');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('/etc/systemd/system/thincert-rsyslog.path');
    expect(existsSync(path.join(target, 'etc/systemd/system/multi-user.target.wants/thincert-rsyslog.service'))).toBe(false);
  });

  it('writes no rsyslog snippet into a scratch root: the device writes it from its own store', () => {
    expect(existsSync(path.join(target, 'etc/rsyslog.d'))).toBe(false);
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

describe('refresh-rsyslog, run for real', () => {
  let work: string;
  let cliLauncher: string;
  let dataDir: string;
  let conf: string;
  let restarts: string;
  let pki: TestPki;

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'thincert-refresh-rsyslog-'));
    scratch.push(work);
    pki = createTestPki();
    // The CLI as it ships (scripts/build.mjs bundles the same entry), built
    // into this test's folder so it does not race other builds of out/; the
    // launcher stands where the AppImage wrapper is on a device.
    const bundle = path.join(work, 'thincert.cjs');
    await build({ entryPoints: [path.join(root, 'main', 'cli', 'bin.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['electron'], logLevel: 'silent' });
    cliLauncher = path.join(work, 'thincert');
    writeFileSync(cliLauncher, `#!/bin/sh\nexec '${process.execPath}' '${bundle}' "$@"\n`);
    chmodSync(cliLauncher, 0o755);
    dataDir = path.join(work, 'data');
    mkdirSync(path.join(work, 'rsyslog.d'));
    conf = path.join(work, 'rsyslog.d', '60-thincert.conf');
    restarts = path.join(work, 'restarts.log');
  }, 60_000);
  afterAll(() => pki?.cleanup());

  function refresh(where: { dataDir: string; conf: string; restarts: string } = { dataDir, conf, restarts }, launcher = cliLauncher) {
    const result = spawnSync('sh', [path.join(kiosk, 'refresh-rsyslog')], {
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `/usr/sbin:/sbin:${process.env.PATH ?? '/usr/bin:/bin'}`,
        THINCERT_CLI: launcher,
        THINCERT_DATA_DIR: where.dataDir,
        THINCERT_RSYSLOG_CONF: where.conf,
        THINCERT_RSYSLOG_RELOAD: `echo restarted >> '${where.restarts}'`,
      },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }
  const countLines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0);
  const restartCount = () => countLines(restarts);
  const confFiles = () => readdirSync(path.dirname(conf));
  async function cli(args: string[], dir = dataDir) {
    const result = await thincert(dir, args);
    expect(result.status, result.stderr).toBe(0);
    return result.stdout;
  }

  it('with no log server set, writes nothing and restarts nothing', () => {
    const result = refresh();
    expect(result.status, result.stderr).toBe(0);
    expect(confFiles()).toEqual([]);
    expect(restartCount()).toBe(0);
  });

  it('log server set and its CA stored: writes what export-config prints, 0644, valid for rsyslogd -N1, and restarts rsyslog once', async () => {
    await cli(['add', 'logServer', pki.rootRsa.certPath]);
    await cli(['config', 'set', 'logServer', 'logs.example.org:6514']);
    const result = refresh();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`wrote ${conf}`);
    const written = readFileSync(conf, 'utf8');
    expect(written).toBe(await cli(['export-config', 'rsyslog']));
    expect(written).toContain('target="logs.example.org"');
    expect(written).toContain(`streamDriver.CAFile="${path.join(dataDir, 'bundles', 'logServer.pem')}"`);
    expect(written).toContain('StreamDriverAuthMode="x509/name"');
    expect(statSync(conf).mode & 0o7777).toBe(0o644);
    expect(validateSnippet(written).status).toBe(0);
    // No temporary file is left beside it for rsyslog's *.conf include to find.
    expect(confFiles()).toEqual(['60-thincert.conf']);
    expect(restartCount()).toBe(1);
  });

  it('run again with nothing changed: the file is untouched and rsyslog is not restarted', () => {
    const before = statSync(conf);
    const result = refresh();
    expect(result.status, result.stderr).toBe(0);
    const after = statSync(conf);
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(restartCount()).toBe(1);
  });

  it('its certificates change (only a pinned leaf left): rewritten for fingerprints, restarted again', async () => {
    await cli(['add', 'logServer', pki.ipAddress.certPath]);
    await cli(['remove', 'logServer', pki.rootRsa.x509.fingerprint256]);
    const result = refresh();
    expect(result.status, result.stderr).toBe(0);
    const written = readFileSync(conf, 'utf8');
    expect(written).toContain('StreamDriverAuthMode="x509/fingerprint"');
    expect(written).toContain(`StreamDriverPermittedPeers="SHA256:${pki.ipAddress.x509.fingerprint256}"`);
    expect(validateSnippet(written).status).toBe(0);
    expect(restartCount()).toBe(2);
  });

  it('a change made while it runs is not lost: it goes round again and writes the newer snippet', () => {
    // The real CLI, and right after the script's first export-config an
    // administrator's `config set` from another session, before the
    // script has compared and moved the file.
    const racing = path.join(work, 'thincert-racing');
    const marker = path.join(work, 'raced');
    writeFileSync(
      racing,
      `#!/bin/sh
'${cliLauncher}' "$@"; status=$?
if [ "$1" = export-config ] && [ ! -e '${marker}' ]; then
  : > '${marker}'
  '${cliLauncher}' config set logServer logs2.example.org:6514 >/dev/null
fi
exit $status
`,
    );
    chmodSync(racing, 0o755);
    const result = refresh(undefined, racing);
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect(readFileSync(conf, 'utf8')).toContain('target="logs2.example.org"');
    expect(restartCount()).toBe(3);
  });

  it('a CLI that fails (a damaged store) leaves the snippet as it was, restarts nothing and says why', () => {
    const storeFile = path.join(dataDir, 'store.json');
    const good = readFileSync(storeFile);
    const before = readFileSync(conf, 'utf8');
    writeFileSync(storeFile, '{ not json');
    try {
      const result = refresh();
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('export-config rsyslog failed');
      expect(readFileSync(conf, 'utf8')).toBe(before);
      expect(confFiles()).toEqual(['60-thincert.conf']);
      expect(restartCount()).toBe(3);
    } finally {
      writeFileSync(storeFile, good);
    }
  });

  it('log server removed: the snippet is removed and rsyslog restarted; again, nothing more', async () => {
    await cli(['config', 'set', 'logServer', 'none']);
    const result = refresh();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`removed ${conf}`);
    expect(confFiles()).toEqual([]);
    expect(restartCount()).toBe(4);
    const again = refresh();
    expect(again.status, again.stderr).toBe(0);
    expect(restartCount()).toBe(4);
  });

  describe('in managed mode, with the real ksc-sim', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
    });
    afterAll(async () => {
      await h?.close();
    });

    it("follows the policy's log server, which no device setting names, and removes the snippet when the policy drops it", async () => {
      const where = { dataDir: h.dataDir, conf: path.join(work, 'managed.d', '60-thincert.conf'), restarts: path.join(work, 'managed-restarts.log') };
      mkdirSync(path.dirname(where.conf));
      await cli(['enroll', `127.0.0.1:${h.sim.port}`, '--accept-fingerprint', h.original.fingerprint], h.dataDir);
      const policyOptions = ['--managed', 'true', '--add', 'logServer', pki.rootRsa.certPath, '--contact-name', 'IT desk'];
      expect((await h.admin('policy', ...policyOptions, '--log-server', 'logs.policy.example:6514')).status).toBe(0);
      await cli(['sync'], h.dataDir);
      expect(await cli(['config', 'get', 'logServer'], h.dataDir)).toBe('none\n');

      const written = refresh(where);
      expect(written.status, written.stderr).toBe(0);
      const snippet = readFileSync(where.conf, 'utf8');
      expect(snippet).toContain('target="logs.policy.example"');
      expect(snippet).toContain('port="6514"');
      expect(validateSnippet(snippet).status).toBe(0);
      expect(countLines(where.restarts)).toBe(1);

      expect((await h.admin('policy', ...policyOptions, '--log-server', 'none')).status).toBe(0);
      await cli(['sync'], h.dataDir);
      const removed = refresh(where);
      expect(removed.status, removed.stderr).toBe(0);
      expect(existsSync(where.conf)).toBe(false);
      expect(countLines(where.restarts)).toBe(2);
    });
  });
});
