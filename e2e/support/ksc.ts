/**
 * A real management server for the UI specs: the built `ksc-sim` on
 * 127.0.0.1 with its own data folder, and `ksc-admin` over the same folder,
 * exactly as an administrator would run them (PROTOCOL.md §5).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../fixtures/web-host';

export interface KscCert {
  cert: string;
  key: string;
  fingerprint: string;
}

export interface RunningKsc {
  port: number;
  dir: string;
  first: KscCert;
  /** A second certificate for the same address, for `rotate`. */
  second: KscCert;
  admin(args: string[]): { status: number; stdout: string; stderr: string };
  stop(): Promise<void>;
}

function makeCert(dir: string, name: string): KscCert {
  const cert = path.join(dir, `${name}.pem`);
  const key = path.join(dir, `${name}.key`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=ksc.test/O=${name}`,
    '-addext', 'subjectAltName=IP:127.0.0.1', '-addext', 'basicConstraints=CA:FALSE', '-days', '30', '-keyout', key, '-out', cert,
  ], { stdio: 'pipe' });
  return { cert, key, fingerprint: new X509Certificate(readFileSync(cert)).fingerprint256 };
}

export async function startKsc(): Promise<RunningKsc> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'thincert-e2e-ksc-'));
  const first = makeCert(dir, 'first');
  const second = makeCert(dir, 'second');
  const data = path.join(dir, 'sim');
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'out', 'sim', 'ksc-sim.cjs'), '--data', data, '--cert', first.cert, '--key', first.key, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ksc-sim printed no address within 10 s:\n${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on https:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ksc-sim exited with ${code}:\n${output}`));
    });
  });
  const admin = (args: string[]) => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'out', 'sim', 'ksc-admin.cjs'), '--data', data, ...args], { encoding: 'utf8' });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  return {
    port,
    dir,
    first,
    second,
    admin,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
