/**
 * `openssl ocsp` as a real OCSP responder over HTTP, answering from an
 * `openssl ca` index file. OpenSSL 3.0's -port takes only a number, so it
 * listens on every address of the machine; the tests only ever connect to
 * 127.0.0.1, and it lives no longer than the test file.
 *
 * Readiness is its "waiting for OCSP client connections" line, not a TCP
 * probe: OpenSSL 3.0's responder spins at 100% CPU, answering no one again,
 * on a connection that closes without sending a request.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PeerProcess } from './process';

export interface OcspResponderOptions {
  /** Folder holding the index file (the `openssl ca` folder). */
  dir: string;
  port: number;
  caCertPath: string;
  signerCertPath: string;
  signerKeyPath: string;
}

const OPENSSL = '/usr/bin/openssl';
const READY = 'waiting for OCSP client connections';

export async function startOcspResponder(options: OcspResponderOptions): Promise<PeerProcess> {
  if (!existsSync(OPENSSL)) throw new Error(`${OPENSSL} is missing; install it with: apt-get install -y openssl`);
  const child = spawn(
    OPENSSL,
    [
      'ocsp',
      '-index', join(options.dir, 'index.txt'),
      '-port', String(options.port),
      '-CA', options.caCertPath,
      '-rsigner', options.signerCertPath,
      '-rkey', options.signerKeyPath,
      // nextUpdate a day ahead: a response without one would be taken for a day anyway (freshness.ts).
      '-ndays', '1',
    ],
    { cwd: options.dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = async (): Promise<void> => {
    if (exited) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(killTimer);
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail('did not start within 10 s'), 10_000);
    const seen = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes(READY)) {
        clearTimeout(timer);
        resolve();
      }
    };
    const fail = (why: string) => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`openssl ocsp on port ${options.port} ${why}:\n${output}`)));
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.once('exit', (code) => fail(`exited (${String(code)})`));
  });
  return { child, stop };
}
