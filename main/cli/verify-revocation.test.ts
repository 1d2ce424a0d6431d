/**
 * Issue 16: `verify` gets the revocation step of `check`'s judging path — a
 * CRL imported by hand revokes a chain verify would otherwise trust, and an
 * unknown status follows the purpose's mode (hard: untrusted; soft: trusted
 * with a warning). The chains publish no source, so nothing leaves the machine.
 */
import { copyFileSync, mkdtempSync, readdirSync, renameSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRevocationPki, type RevocationPki } from '../../test/peers/revocation-pki';
import { thincert } from './test-support/capture';

let rev: RevocationPki;
let dataDir: string;

beforeAll(async () => {
  rev = await createRevocationPki();
}, 120_000);

afterAll(() => rev?.cleanup());

beforeEach(async () => {
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-verify-rev-')), 'data');
  expect((await thincert(dataDir, ['add', 'broker', rev.ca.certPath])).status).toBe(0);
});

type Verdict = { trusted: boolean; reasons: { code: string }[]; warnings: { code: string }[] };

async function verify(leaf: 'offlineRevoked' | 'noSource'): Promise<{ status: number; verdict: Verdict }> {
  const cert = rev.leaves[leaf];
  const run = await thincert(dataDir, ['verify', 'broker', cert.certPath, '--name', `${leaf === 'noSource' ? 'no-source' : 'offline-revoked'}.test`, '--json']);
  return { status: run.status, verdict: JSON.parse(run.stdout) as Verdict };
}

describe('verify applies revocation as check does', () => {
  it('off (default): a revoked chain is judged without revocation', async () => {
    expect(await verify('offlineRevoked')).toMatchObject({ status: 0, verdict: { trusted: true, warnings: [] } });
  });

  it('hard: no source at all is revocation-unknown; with an imported CRL, revoked', async () => {
    expect((await thincert(dataDir, ['config', 'set', 'revocation', 'broker', 'hard'])).status).toBe(0);
    const unknown = await verify('noSource');
    expect(unknown.status).toBe(3);
    expect(unknown.verdict.reasons.map((r) => r.code)).toContain('revocation-unknown');
    expect((await thincert(dataDir, ['crl', 'add', rev.crlCurrent])).status).toBe(0);
    const revoked = await verify('offlineRevoked');
    expect(revoked.status).toBe(3);
    expect(revoked.verdict.reasons.map((r) => r.code)).toContain('revoked');
    // The CRL does not list this one: now known good.
    expect(await verify('noSource')).toMatchObject({ status: 0, verdict: { trusted: true } });
  });

  it('soft: an unknown status is trusted with a warning, in the file form and in --stdin lines', async () => {
    expect((await thincert(dataDir, ['config', 'set', 'revocation', 'broker', 'soft'])).status).toBe(0);
    const soft = await verify('noSource');
    expect(soft.status).toBe(0);
    expect(soft.verdict.warnings.map((w) => w.code)).toContain('revocation-unknown');
    const line = JSON.stringify({ id: 'a', purpose: 'broker', chain: [rev.leaves.noSource.pem], name: 'no-source.test' });
    const lines = await thincert(dataDir, ['verify', '--stdin'], { stdin: Buffer.from(`${line}\n`) });
    expect(JSON.parse(lines.stdout)).toMatchObject({ id: 'a', trusted: true, warnings: [{ code: 'revocation-unknown' }] });
  });
});

describe('CRLs kept in memory follow the folder on disk', () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1_100));
  const crls = () => path.join(dataDir, 'crls');

  it('a CRL another process removes or puts back counts from the next judgement', async () => {
    expect((await thincert(dataDir, ['config', 'set', 'revocation', 'broker', 'hard'])).status).toBe(0);
    expect((await thincert(dataDir, ['crl', 'add', rev.crlCurrent])).status).toBe(0);
    // Past the "racily clean" second (crl-store.ts): from here the folder's list is kept, not read again.
    await settle();
    expect((await verify('offlineRevoked')).verdict.reasons.map((r) => r.code)).toContain('revoked');
    expect(await verify('noSource')).toMatchObject({ status: 0, verdict: { trusted: true } });
    const [file] = readdirSync(crls());
    if (file === undefined) throw new Error('crl add kept no file');
    const aside = path.join(path.dirname(dataDir), 'aside.crl');
    copyFileSync(path.join(crls(), file), aside);
    unlinkSync(path.join(crls(), file));
    const unknown = await verify('noSource');
    expect(unknown.status).toBe(3);
    expect(unknown.verdict.reasons.map((r) => r.code)).toContain('revocation-unknown');
    await settle();
    expect((await verify('noSource')).status).toBe(3);
    // Put back the way every writer does it: a new file renamed into place.
    renameSync(aside, path.join(crls(), file));
    expect((await verify('offlineRevoked')).verdict.reasons.map((r) => r.code)).toContain('revoked');
    expect(await verify('noSource')).toMatchObject({ status: 0, verdict: { trusted: true } });
  }, 30_000);
});
