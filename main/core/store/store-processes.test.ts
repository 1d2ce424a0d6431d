import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURPOSES } from '../../../app/purposes';
import { openCertStore } from './cert-store';
import { bundlePath, bundlesDir } from './layout';
import { buildChild } from '../../../test/support/build-child';
import { bundleFingerprints, opensslCount } from './test-support/bundle-check';
import { fingerprintOf, makeCertificates } from './test-support/fixtures';
import { runChild, startChildUntil } from './test-support/processes';
import type { StoreState, StoredCertificate } from './types';

const KILLS = 50;
const PROCESSES = 12;
const CERTS_PER_PROCESS = 10;
const CHURN_POOL = 12;

let work: string;
let child: string;
let fixturesFile: string;
let certs: StoredCertificate[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'thincert-store-processes-'));
  [child, certs] = await Promise.all([buildChild(new URL('./test-support/store-child.ts', import.meta.url), work), makeCertificates(work, PROCESSES * CERTS_PER_PROCESS)]);
  fixturesFile = join(work, 'fixtures.json');
  await writeFile(fixturesFile, JSON.stringify(certs));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function expectedBundle(state: StoreState, purpose: (typeof PURPOSES)[number]): string[] {
  return Object.values(state.certificates)
    .filter((certificate) => certificate.purposes.includes(purpose))
    .map((certificate) => certificate.fingerprint)
    .sort();
}

/** Fingerprints in one list and not the other, either way. */
function difference(a: string[], b: string[]): string[] {
  return [...a.filter((x) => !b.includes(x)), ...b.filter((x) => !a.includes(x))];
}

describe('the store across processes', () => {
  it(`survives ${KILLS} SIGKILLs at random instants of a process changing it: whole certificates only, bundles at worst one change behind`, async () => {
    const dir = join(work, 'crash');
    const poolFile = join(work, 'pool.json');
    await writeFile(poolFile, JSON.stringify(certs.slice(0, CHURN_POOL)));
    let bundlesBehind = 0;
    let orphans = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const { child: churner, exit } = await startChildUntil(child, ['churn', dir, poolFile], 'churning');
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 40));
      churner.kill('SIGKILL');
      expect((await exit).signal).toBe('SIGKILL');
      // A dead holder's lock is taken over after the stale time (10 s by default,
      // shown in durable-file.test.ts); waiting that out 50 times is not the point here.
      await rm(join(dir, '.lock'), { recursive: true, force: true });

      const state = await openCertStore(dir).read();
      for (const [key, certificate] of Object.entries(state.certificates)) {
        expect(fingerprintOf(Buffer.from(certificate.der, 'base64')), `kill ${kill}`).toBe(key);
      }
      const changed = new Set<string>();
      for (const purpose of PURPOSES) {
        const path = bundlePath(dir, purpose);
        const inBundle = await bundleFingerprints(path);
        expect(await opensslCount(path), `kill ${kill}, ${purpose}`).toBe(inBundle.length);
        for (const fingerprint of difference(inBundle, expectedBundle(state, purpose))) changed.add(fingerprint);
      }
      // Each change of the churner adds or removes one certificate.
      expect(changed.size, `kill ${kill}`).toBeLessThanOrEqual(1);
      if (changed.size > 0) bundlesBehind++;
      const names = [...(await readdir(dir)), ...(await readdir(bundlesDir(dir)))];
      orphans += names.filter((name) => /\.\d+$/.test(name)).length;
    }
    console.info(`crash test: ${KILLS} SIGKILLs; bundles one change behind after ${bundlesBehind}; temp files left by the last kill each time: ${orphans} in total`);
  }, 60_000);

  it(`loses nothing when ${PROCESSES} processes each add ${CERTS_PER_PROCESS} certificates at once (${PROCESSES * CERTS_PER_PROCESS} in all)`, async () => {
    const dir = join(work, 'concurrent');
    const exits = await Promise.all(
      Array.from({ length: PROCESSES }, (_, i) => runChild(child, ['add', dir, fixturesFile, String(i * CERTS_PER_PROCESS), String(CERTS_PER_PROCESS)])),
    );
    for (const exit of exits) expect(exit).toMatchObject({ code: 0, stderr: '' });
    const state = await openCertStore(dir).read();
    expect(Object.keys(state.certificates).sort()).toEqual(certs.map((c) => c.fingerprint).sort());
    expect(await opensslCount(bundlePath(dir, 'rdp'))).toBe(PROCESSES * CERTS_PER_PROCESS);
    expect(createHash('sha256').update(JSON.stringify(await bundleFingerprints(bundlePath(dir, 'rdp')))).digest('hex')).toBe(
      createHash('sha256').update(JSON.stringify(expectedBundle(state, 'rdp'))).digest('hex'),
    );
  }, 60_000);
});
