/**
 * The identity swap is crash-safe like the store (issue 17): a process
 * SIGKILLed after any write of a renewal or import leaves the old identity or
 * the new one whole at the stable paths, never a key of one with the
 * certificate of the other; the next swap clears what the crash left.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChild, startChildUntil } from '../store/test-support/processes';
import { currentIdentityFiles, identityPaths } from './files';
import { storeIdentity, withIdentityLock } from './storage';
import { buildChild } from '../../../test/support/build-child';

const STEPS = ['generation-folder', 'key', 'cert', 'meta', 'stable-links', 'current', 'old-removed'] as const;
const KILLS = 20;

let work: string;
let child: string;
let pairsFile: string;
let pairs: { certPem: string; keyPem: string; fingerprint: string }[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'thincert-identity-swap-'));
  child = await buildChild(new URL('./test-support/swap-child.ts', import.meta.url), work);
  pairs = ['old', 'new', 'third'].map((name) => {
    const keyPath = join(work, `${name}.key`);
    const certPath = join(work, `${name}.pem`);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', `/CN=${name}`], { stdio: 'ignore' });
    const certPem = readFileSync(certPath, 'utf8');
    return { certPem, keyPem: readFileSync(keyPath, 'utf8'), fingerprint: new X509Certificate(certPem).fingerprint256 };
  });
  pairsFile = join(work, 'pairs.json');
  writeFileSync(pairsFile, JSON.stringify(pairs));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const meta = { source: 'pkcs12' as const, scepUrl: null, caFingerprint: null, storedAt: '2026-11-30T00:00:00Z' };

/** The fingerprint of the pair at the stable paths, after checking the key is that certificate's. */
async function inUse(dataDir: string): Promise<string | null> {
  const files = await currentIdentityFiles(dataDir);
  if (files === null) return null;
  return new X509Certificate(readFileSync(files.certPath)).fingerprint256;
}

describe('the identity swap under SIGKILL', () => {
  it.each(STEPS)('killed after "%s": the old or the new identity, whole, and the next swap clears the rest', async (step) => {
    const dataDir = join(work, `step-${step}`);
    await withIdentityLock(dataDir, () => storeIdentity(dataDir, { ...(pairs[0] as (typeof pairs)[0]), meta }));
    const exit = await runChild(child, ['store', dataDir, pairsFile, '1', step]);
    expect(exit.signal, exit.stderr).toBe('SIGKILL');
    const expected = STEPS.indexOf(step) >= STEPS.indexOf('current') ? pairs[1] : pairs[0];
    expect(await inUse(dataDir)).toBe(expected?.fingerprint);
    // The killed child's lock goes stale only after 10 s (dir-lock.ts); that wait is not what is tested here.
    await storeIdentity(dataDir, { ...(pairs[2] as (typeof pairs)[0]), meta });
    expect(await inUse(dataDir)).toBe(pairs[2]?.fingerprint);
    expect(readdirSync(identityPaths(dataDir).dir).filter((name) => name.startsWith('gen-'))).toHaveLength(1);
  });

  it(`survives ${KILLS} SIGKILLs at random instants of a process swapping identities`, async () => {
    const dataDir = join(work, 'churn');
    await withIdentityLock(dataDir, () => storeIdentity(dataDir, { ...(pairs[0] as (typeof pairs)[0]), meta }));
    const known = new Set(pairs.map((p) => p.fingerprint));
    for (let kill = 0; kill < KILLS; kill++) {
      const { child: churner, exit } = await startChildUntil(child, ['churn', dataDir, pairsFile], 'churning');
      await sleep(20 + Math.floor(Math.random() * 200));
      churner.kill('SIGKILL');
      expect((await exit).signal).toBe('SIGKILL');
      const fingerprint = await inUse(dataDir);
      expect(fingerprint !== null && known.has(fingerprint), `kill ${kill}`).toBe(true);
    }
  });
});
