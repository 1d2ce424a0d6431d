/**
 * xrdp 0.9.21 in the foreground (-n) with its own ini: one port on 127.0.0.1,
 * no fork, the given security layer and certificate. It reads the RDP
 * standard-security keys from /etc/xrdp/rsakeys.ini (made by xrdp-keygen in
 * the package's postinst) and refuses to start while /var/run/xrdp/xrdp.pid
 * names a process, so a stale pid file is removed first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { lock } from 'proper-lockfile';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { spawnPeer } from './process';

export interface XrdpOptions {
  securityLayer: 'negotiate' | 'tls' | 'rdp';
  certificatePath: string;
  keyPath: string;
}

export interface XrdpPeer {
  port: number;
  /** xrdp's log so far: which clients connected and how far they got. */
  log(): string;
  stop(): Promise<void>;
}

const XRDP = '/usr/sbin/xrdp';
const RSA_KEYS = '/etc/xrdp/rsakeys.ini';
const PID_FILE = '/var/run/xrdp/xrdp.pid';

/**
 * xrdp keeps one global pid file and refuses to start while it exists, so two
 * test files (in two workers) cannot run xrdp at once: they take turns under
 * a cross-process lock held from start to stop.
 */
const XRDP_LOCK_DIR = join(tmpdir(), 'thincert-xrdp-turn');

/** One turn per process: servers of the same test file may run side by side (they did before the lock). */
let turn: { holders: number; release: Promise<() => Promise<void>> } | null = null;

async function takeTurn(): Promise<() => Promise<void>> {
  if (!turn) {
    mkdirSync(XRDP_LOCK_DIR, { recursive: true });
    turn = { holders: 0, release: lock(XRDP_LOCK_DIR, { retries: { retries: 1200, minTimeout: 100, maxTimeout: 200 }, stale: 10_000, realpath: false }) };
  }
  const current = turn;
  current.holders++;
  await current.release;
  return async () => {
    current.holders--;
    if (current.holders === 0 && turn === current) {
      turn = null;
      await (await current.release)();
    }
  };
}

export async function startXrdp(options: XrdpOptions): Promise<XrdpPeer> {
  const done = await takeTurn();
  try {
    const peer = await startXrdpUnlocked(options);
    return {
      port: peer.port,
      log: peer.log,
      stop: async () => {
        await peer.stop();
        await done();
      },
    };
  } catch (error) {
    await done();
    throw error;
  }
}

async function startXrdpUnlocked(options: XrdpOptions): Promise<XrdpPeer> {
  if (!existsSync(RSA_KEYS)) {
    const keygen = spawnSync('xrdp-keygen', ['xrdp', 'auto'], { encoding: 'utf8' });
    if (keygen.status !== 0) throw new Error(`xrdp-keygen failed: ${keygen.stderr}`);
  }
  removeStalePidFile();
  const dir = mkdtempSync(join(tmpdir(), 'thincert-xrdp-'));
  const port = await freePort();
  const ini = join(dir, 'xrdp.ini');
  const log = join(dir, 'xrdp.log');
  writeFileSync(
    ini,
    `[Globals]
ini_version=1
fork=false
port=tcp://127.0.0.1:${port}
security_layer=${options.securityLayer}
crypt_level=high
certificate=${options.certificatePath}
key_file=${options.keyPath}
ssl_protocols=TLSv1.2, TLSv1.3
[Logging]
LogFile=${log}
LogLevel=INFO
EnableSyslog=false
`,
  );
  const peer = await spawnPeer({ binary: XRDP, args: ['-n', '-c', ini], aptPackage: 'xrdp', ports: [port], logFiles: [log] });
  return {
    port,
    log: () => (existsSync(log) ? readFileSync(log, 'utf8') : ''),
    stop: async () => {
      await peer.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function removeStalePidFile(): void {
  if (!existsSync(PID_FILE)) return;
  const pid = Number(readFileSync(PID_FILE, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && existsSync(`/proc/${pid}`)) return;
  rmSync(PID_FILE, { force: true });
}
