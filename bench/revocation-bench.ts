/**
 * Issue 16 §2: a check with revocation on and the answer in a CRL cached on
 * the device, against the same check with revocation off — the cost of the
 * revocation step when it needs no network (goal ≤ 1.2×). Its own small PKI:
 * the shared bench CA has no cRLSign, so no CRL of it may count. The CRL
 * lists 1,000 revoked serials (none of them the server's), like a real CA's.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createService } from '../main/core/create-service';
import { keepCrl } from '../main/core/revocation/crl-store';
import { startNginx } from '../test/peers/nginx';
import { median } from './measure';

export interface RevocationBench {
  /** ms per check, revocation soft, decided by the cached CRL */
  withCrl: number;
  /** ms per check, revocation off */
  off: number;
  revokedInCrl: number;
}

function openssl(cwd: string, args: string[]): void {
  const result = spawnSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr.toString()}`);
}

export async function benchRevocation(scratch: string, runs: number): Promise<RevocationBench> {
  const dir = path.join(scratch, 'revocation-pki');
  mkdirSync(dir, { recursive: true });
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=ThinCert Bench Revocation CA', '-days', '3650', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(dir, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(path.join(dir, 'leaf.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=critical,CA:FALSE\n');
  openssl(dir, ['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '0x7e57', '-days', '365', '-sha256', '-extfile', 'leaf.ext', '-out', 'leaf.pem']);
  // An index with 1,000 revoked entries is all `openssl ca -gencrl` needs to list them.
  const revokedInCrl = 1000;
  const index = Array.from({ length: revokedInCrl }, (_, i) => `R\t301231000000Z\t250101000000Z,keyCompromise\t${(0x100000 + i).toString(16).toUpperCase()}\tunknown\t/CN=revoked${i}`);
  writeFileSync(path.join(dir, 'index.txt'), `${index.join('\n')}\n`);
  writeFileSync(path.join(dir, 'ca.cnf'), '[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\ndefault_md = sha256\n');
  openssl(dir, ['ca', '-config', 'ca.cnf', '-gencrl', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-crldays', '7', '-out', 'bench.crl']);
  writeFileSync(path.join(dir, 'chain.pem'), readFileSync(path.join(dir, 'leaf.pem'), 'utf8') + readFileSync(path.join(dir, 'ca.pem'), 'utf8'));

  const nginx = await startNginx([{ name: 'revocation', chainPath: path.join(dir, 'chain.pem'), keyPath: path.join(dir, 'leaf.key') }]);
  try {
    const serviceFor = async (name: string, mode: 'off' | 'soft') => {
      const service = createService({ dataDir: path.join(scratch, name) });
      await service.call('addBytes', { purpose: 'broker', bytes: readFileSync(path.join(dir, 'ca.pem')) }, { actor: 'cli' });
      await service.call('configSet', { key: 'revocation', value: `broker ${mode}` }, { actor: 'cli' });
      return service;
    };
    const off = await serviceFor('revocation-off', 'off');
    const withCrl = await serviceFor('revocation-crl', 'soft');
    await keepCrl(path.join(scratch, 'revocation-crl'), readFileSync(path.join(dir, 'bench.crl')), new Date());
    // As on a device, where a CRL is kept well before the checks it answers: a folder changed
    // within the last second is listed again at each check (crl-store.ts, "racily clean").
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const check = (service: typeof off) => async () => {
      const result = await service.call('check', { purpose: 'broker', host: '127.0.0.1', port: nginx.port }, { actor: 'cli' });
      if (!result.trusted || (result.warnings ?? []).length > 0) throw new Error(`bench revocation check: ${JSON.stringify([...result.reasons, ...(result.warnings ?? [])])}`);
    };
    const timed = async (fn: () => Promise<void>) => {
      const started = performance.now();
      await fn();
      return performance.now() - started;
    };
    for (let i = 0; i < 3; i++) {
      await check(withCrl)();
      await check(off)();
    }
    // Alternated check by check, each side first in turn, so the drift of a shared machine's
    // load hits both sides alike (batches of one side then the other measured the drift too).
    const ours: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < 3 * runs; i++) {
      if (i % 2 === 0) {
        ours.push(await timed(check(withCrl)));
        base.push(await timed(check(off)));
      } else {
        base.push(await timed(check(off)));
        ours.push(await timed(check(withCrl)));
      }
    }
    return { withCrl: median(ours), off: median(base), revokedInCrl };
  } finally {
    await nginx.stop();
  }
}
