/**
 * Debian's scepserver (package `scep`, micromdm 2.1) as the SCEP CA of the
 * device-identity tests (issue 17): a fresh CA in a temp depot, then the
 * server with a challenge, renewal allowed at any time (-allowrenew 0) and
 * client certificates valid for `crtvalid` days.
 *
 * scepserver 2.1 has no listen-address flag: it prefixes `-port` with ':' and
 * so listens on every interface of the test machine, on a free port picked
 * here. The tests only ever connect to 127.0.0.1.
 */
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { spawnPeer, type PeerProcess } from './process';

const SCEPSERVER = '/usr/bin/scepserver';

export interface ScepPeerOptions {
  challenge: string;
  /** Validity of issued certificates in days (scepserver -crtvalid). */
  crtValidDays?: number;
  /** An existing depot to serve (e.g. after a restart); default a fresh CA. */
  depot?: string;
}

export interface ScepPeer {
  url: string;
  port: number;
  depot: string;
  /** The CA certificate's SHA-256, as `openssl x509 -fingerprint -sha256` prints it. */
  caFingerprint: string;
  caPem: string;
  /** The depot's index.txt lines (OpenSSL ca format: V/R, notAfter, revoked at, serial, file, subject). */
  index(): string[];
  stop(): Promise<void>;
  /** Stops the server and removes its depot. */
  dispose(): Promise<void>;
}

export function initScepDepot(): string {
  const depot = join(mkdtempSync(join(tmpdir(), 'thincert-scep-')), 'depot');
  const made = spawnSync(SCEPSERVER, ['ca', '-init', '-depot', depot, '-keySize', '2048'], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`scepserver ca -init failed: ${made.stderr}${made.stdout}`);
  return depot;
}

export async function startScepServer(options: ScepPeerOptions): Promise<ScepPeer> {
  const depot = options.depot ?? initScepDepot();
  let process: PeerProcess | null = null;
  let port = 0;
  // Another process may take the free port before scepserver binds it: try a few.
  for (let attempt = 0; process === null; attempt += 1) {
    port = await freePort();
    try {
      process = await spawnPeer({
        binary: SCEPSERVER,
        args: ['-depot', depot, '-port', String(port), '-challenge', options.challenge, '-allowrenew', '0', '-crtvalid', String(options.crtValidDays ?? 2)],
        aptPackage: 'scep',
        ports: [port],
        logFiles: [],
      });
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  const running = process;
  const caPem = readFileSync(join(depot, 'ca.pem'), 'utf8');
  return {
    url: `http://127.0.0.1:${port}/scep`,
    port,
    depot,
    caFingerprint: new X509Certificate(caPem).fingerprint256,
    caPem,
    index: () => {
      try {
        return readFileSync(join(depot, 'index.txt'), 'utf8').split('\n').filter((line) => line.length > 0);
      } catch {
        return [];
      }
    },
    stop: () => running.stop(),
    dispose: async () => {
      await running.stop();
      rmSync(join(depot, '..'), { recursive: true, force: true });
    },
  };
}
