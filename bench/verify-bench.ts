/**
 * Issue 16 §1: `verify --stdin` throughput in one process against
 * `openssl verify -purpose sslserver` run once per chain (what an
 * administrator's audit script would otherwise do). The chains are distinct
 * leaves of one CA with the CA as each line's anchors: more leaves than the
 * parse cache holds, so every run parses every leaf again. Measured through
 * what the `verifyBatch` channel runs (verify-batch.ts), worker threads
 * included when out/cli/verify-worker.cjs is built.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { systemClock } from '../main/core/clock';
import { verifyBatch } from '../main/core/trust/verify-batch';
import { median } from './measure';

export interface VerifyBench {
  /** chains/s */
  thincert: number;
  /** chains/s */
  openssl: number;
  chains: number;
}

export async function benchVerify(leafPems: readonly string[], caPem: string, scratch: string, runs: number, opensslChains = 100): Promise<VerifyBench> {
  const lines = leafPems.map((pem, id) => JSON.stringify({ id, purpose: 'broker', chain: [pem], anchors: [caPem] }));
  const deps = { stored: [], clock: systemClock };
  const once = async (): Promise<number> => {
    const started = performance.now();
    const answered = await verifyBatch({ lines }, deps);
    const seconds = (performance.now() - started) / 1000;
    if (answered.judged !== lines.length || answered.untrusted > 0) {
      throw new Error(`verify --stdin trusted ${answered.judged - answered.untrusted} of ${lines.length} lines: ${JSON.stringify(answered.outcomes[0])}`);
    }
    return lines.length / seconds;
  };
  await once();
  const ours: number[] = [];
  for (let i = 0; i < runs; i++) ours.push(await once());

  const caFile = path.join(scratch, 'verify-ca.pem');
  writeFileSync(caFile, caPem);
  const files = leafPems.slice(0, opensslChains).map((pem, i) => {
    const file = path.join(scratch, `verify-leaf-${i}.pem`);
    writeFileSync(file, pem);
    return file;
  });
  const started = performance.now();
  for (const file of files) {
    const result = spawnSync('openssl', ['verify', '-purpose', 'sslserver', '-CAfile', caFile, file], { stdio: 'ignore' });
    if (result.error) throw result.error;
  }
  const openssl = files.length / ((performance.now() - started) / 1000);
  return { thincert: median(ours), openssl, chains: lines.length };
}
