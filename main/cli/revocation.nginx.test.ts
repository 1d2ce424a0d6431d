/**
 * Issue 16 §2 through the CLI against real peers on 127.0.0.1: a CA run with
 * `openssl ca`, `openssl ocsp` responders (CA-signed, delegated signer, a
 * signer without OCSPSigning, one that is down), CRLs served by nginx
 * (current, expired), stapled responses from nginx (`ssl_stapling_file`),
 * and CRLs imported by hand — each under off, soft and hard.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRevocationPki, type LeafName, type RevocationPki } from '../../test/peers/revocation-pki';
import { startRevocationNginx, type RevocationNginx } from '../../test/peers/revocation-nginx';
import { startOcspResponder } from '../../test/peers/ocsp-responder';
import type { PeerProcess } from '../../test/peers/process';
import { Pki } from '../../test/peers/pki';
import { openssl } from '../../test/peers/openssl-cli';
import { createServer, type Socket } from 'node:net';
import { thincert } from './test-support/capture';

let rev: RevocationPki;
let nginx: RevocationNginx;
const responders: PeerProcess[] = [];
let dataDir: string;

beforeAll(async () => {
  rev = await createRevocationPki();
  const sites = (Object.keys(rev.leaves) as LeafName[]).map((name) => ({
    name,
    chainPath: rev.pki.bundle(name, name === 'underRevokedCa' ? [rev.leaves[name], rev.revokedCa, rev.ca] : [rev.leaves[name], rev.ca]),
    keyPath: rev.leaves[name].keyPath,
    ...(name === 'stapleGood' ? { staplingFile: rev.stapled.good } : name === 'stapleRevoked' ? { staplingFile: rev.stapled.revoked } : {}),
  }));
  // The staple of another certificate, stapled by a server that publishes nothing else.
  const mismatched = { name: 'stapleMismatch', chainPath: rev.pki.bundle('staple-mismatch', [rev.leaves.noSource, rev.ca]), keyPath: rev.leaves.noSource.keyPath, staplingFile: rev.stapled.good };
  nginx = await startRevocationNginx([...sites, mismatched], { port: rev.ports.http, root: rev.httpRoot });
  const responder = (port: number, signer: { certPath: string; keyPath: string }) =>
    startOcspResponder({ dir: rev.pki.dir, port, caCertPath: rev.ca.certPath, signerCertPath: signer.certPath, signerKeyPath: signer.keyPath });
  responders.push(
    await responder(rev.ports.ocspCa, rev.ca),
    await responder(rev.ports.ocspDelegated, rev.signer),
    await responder(rev.ports.ocspBadSigner, rev.badSigner),
  );
}, 90_000);

afterAll(async () => {
  await Promise.all(responders.map((r) => r.stop()));
  await nginx?.stop();
  rev?.cleanup();
});

beforeEach(async () => {
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-revocation-')), 'data');
  expect((await thincert(dataDir, ['add', 'broker', rev.ca.certPath])).status).toBe(0);
});

interface ReasonJson {
  code: string;
  message: string;
  params?: Record<string, string | number>;
}
interface CheckJson {
  trusted: boolean;
  by: string | null;
  reasons: ReasonJson[];
  warnings?: ReasonJson[];
}

async function setMode(mode: string): Promise<void> {
  const set = await thincert(dataDir, ['config', 'set', 'revocation', 'broker', mode]);
  expect(set.stderr).toBe('');
  expect(set.status).toBe(0);
}

async function check(leaf: LeafName | 'stapleMismatch', env: NodeJS.ProcessEnv = {}): Promise<{ status: number; result: CheckJson }> {
  const run = await thincert(dataDir, ['check', 'broker', `127.0.0.1:${nginx.ports[leaf]}`, '--json'], { env });
  return { status: run.status, result: JSON.parse(run.stdout) as CheckJson };
}

/** What each case gives under each mode: trusted?, the reason codes, the warning codes, params.cause when unknown. */
type Outcome = { trusted: boolean; reasons: string[]; warnings: string[]; cause?: string };
const trusted: Outcome = { trusted: true, reasons: [], warnings: [] };
const revoked: Outcome = { trusted: false, reasons: ['revoked'], warnings: [] };
const unknownSoft = (cause: string): Outcome => ({ trusted: true, reasons: [], warnings: ['revocation-unknown'], cause });
const unknownHard = (cause: string): Outcome => ({ trusted: false, reasons: ['revocation-unknown'], warnings: [], cause });

const CASES: [LeafName, string, Outcome, Outcome][] = [
  ['ocspGood', 'OCSP good (delegated signer)', trusted, trusted],
  ['ocspCaGood', 'OCSP good (signed by the CA)', trusted, trusted],
  ['ocspRevoked', 'OCSP revoked', revoked, revoked],
  ['ocspUnknown', 'OCSP unknown', unknownSoft('responder-unknown'), unknownHard('responder-unknown')],
  ['ocspDown', 'OCSP responder down', unknownSoft('responder-down'), unknownHard('responder-down')],
  ['ocspBadSigner', 'OCSP signer without OCSPSigning', unknownSoft('bad-signature'), unknownHard('bad-signature')],
  ['crlGood', 'CRL (HTTP) current, not listed', trusted, trusted],
  ['crlRevoked', 'CRL (HTTP) lists the serial', revoked, revoked],
  ['crlExpired', 'CRL (HTTP) expired', unknownSoft('crl-expired'), unknownHard('crl-expired')],
  ['noSource', 'no source at all', unknownSoft('no-source'), unknownHard('no-source')],
  ['stapleGood', 'stapled OCSP good', trusted, trusted],
  ['stapleRevoked', 'stapled OCSP revoked', revoked, revoked],
];

function expectOutcome(result: CheckJson, status: number, expected: Outcome): void {
  expect(result.trusted).toBe(expected.trusted);
  expect(status).toBe(expected.trusted ? 0 : 3);
  expect(result.reasons.map((r) => r.code)).toEqual(expected.reasons);
  expect((result.warnings ?? []).map((r) => r.code)).toEqual(expected.warnings);
  const unknown = [...result.reasons, ...(result.warnings ?? [])].find((r) => r.code === 'revocation-unknown');
  if (expected.cause) expect(unknown?.params?.cause).toBe(expected.cause);
  const revokedReason = result.reasons.find((r) => r.code === 'revoked');
  if (revokedReason) {
    expect(revokedReason.params?.reasonCode).toBe('keyCompromise');
    expect(revokedReason.message).toMatch(/was revoked on \d{4}-\d{2}-\d{2} \(its key was compromised\)/);
  }
}

describe('revocation per mode, each source for real', () => {
  it.each(CASES)('%s (%s): off trusts as before', async (leaf) => {
    const { status, result } = await check(leaf);
    expectOutcome(result, status, trusted);
  });
  it.each(CASES)('%s (%s): soft', async (leaf, _what, soft) => {
    await setMode('soft');
    const { status, result } = await check(leaf);
    expectOutcome(result, status, soft);
  });
  it.each(CASES)('%s (%s): hard', async (leaf, _what, _soft, hard) => {
    await setMode('hard');
    const { status, result } = await check(leaf);
    expectOutcome(result, status, hard);
  });
});

describe('CRLs on the device', () => {
  it('a CRL imported by hand decides for a certificate that publishes no source, and crl list shows it', async () => {
    await setMode('hard');
    expectOutcome((await check('offlineRevoked')).result, 3, unknownHard('no-source'));
    const added = await thincert(dataDir, ['crl', 'add', rev.crlCurrent]);
    expect(added.status).toBe(0);
    expect(added.stdout).toMatch(/kept: CRL of O=ThinCert Test, CN=Revocation Test CA/);
    const { status, result } = await check('offlineRevoked');
    expectOutcome(result, status, revoked);
    // The same CRL says nothing against a certificate it does not list.
    expectOutcome((await check('noSource')).result, 0, trusted);
    const listed = JSON.parse((await thincert(dataDir, ['crl', 'list', '--json'])).stdout) as { crls: { issuer: string; revoked: number; source: string; state: string; nextUpdate: string }[] };
    expect(listed.crls).toEqual([expect.objectContaining({ issuer: 'O=ThinCert Test, CN=Revocation Test CA', revoked: 5, source: 'device', state: 'current' })]);
    expect((await thincert(dataDir, ['crl', 'list'])).stdout).toMatch(/O=ThinCert Test, CN=Revocation Test CA\n {2}this update \d{4}-\d\d-\d\d, next update \d{4}-\d\d-\d\d, 5 revoked, device/);
  });

  it('an expired or unreadable CRL is refused and nothing is written', async () => {
    const expired = await thincert(dataDir, ['crl', 'add', rev.crlExpired]);
    expect(expired.status).toBe(1);
    expect(expired.stderr).toMatch(/expired on 2025-01-08/);
    const junk = await thincert(dataDir, ['crl', 'add', rev.ca.certPath]);
    expect(junk.status).toBe(1);
    expect(junk.stderr).toMatch(/not a CRL ThinCert can use/);
    expect(existsSync(path.join(dataDir, 'crls'))).toBe(false);
  });

  it('a CRL fetched from the distribution point is kept on disk for the next check', async () => {
    await setMode('soft');
    expectOutcome((await check('crlRevoked')).result, 3, revoked);
    const kept = readdirSync(path.join(dataDir, 'crls'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(path.join(dataDir, 'crls', kept[0] as string)).equals(readFileSync(rev.crlCurrent))).toBe(true);
  });

  it('config get shows the modes; a wrong mode or purpose is refused and changes nothing', async () => {
    await setMode('soft');
    const got = JSON.parse((await thincert(dataDir, ['config', 'get', 'revocation', '--json'])).stdout) as { revocation: Record<string, string> };
    expect(got.revocation).toEqual({ ksc: 'off', rdp: 'off', broker: 'soft', logServer: 'off' });
    const before = readFileSync(path.join(dataDir, 'config.json'), 'utf8');
    const bad = await thincert(dataDir, ['config', 'set', 'revocation', 'broker', 'strict']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/revocation takes a purpose .* and a mode \(off, soft, hard\)/);
    expect((await thincert(dataDir, ['config', 'set', 'revocation', 'web', 'hard'])).status).toBe(1);
    expect((await thincert(dataDir, ['config', 'set', 'revocation', 'hard'])).status).toBe(2);
    expect(readFileSync(path.join(dataDir, 'config.json'), 'utf8')).toBe(before);
  });

  it('the text output lists a soft-mode warning under a trusted verdict', async () => {
    await setMode('soft');
    const run = await thincert(dataDir, ['check', 'broker', `127.0.0.1:${nginx.ports.noSource}`]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^TRUSTED: .*\n {2}warning: Whether the certificate "O=ThinCert Test, CN=no-source.test" is revoked is unknown: there is no stapled OCSP answer/);
  });
});

describe('only verified, current answers count', () => {
  it('a CRL signed by an impostor with the CA\'s very name is kept but never believed', async () => {
    const impostor = new Pki();
    try {
      const fake = impostor.issue({ name: 'fake-ca', commonName: 'Revocation Test CA', key: 'ec256', ca: {} });
      expect(fake.subject).toBe(rev.ca.subject);
      const crl = path.join(impostor.dir, 'fake.crl');
      openssl(['ca', '-config', 'ca.cnf', '-gencrl', '-md', 'sha256', '-cert', fake.certPath, '-keyfile', fake.keyPath, '-crldays', '7', '-out', crl], { cwd: impostor.dir });
      expect((await thincert(dataDir, ['crl', 'add', crl])).status).toBe(0);
      await setMode('hard');
      // The impostor's empty CRL would clear the revoked certificate; its signature does not hold, so it says nothing.
      expectOutcome((await check('offlineRevoked')).result, 3, unknownHard('no-source'));
    } finally {
      impostor.cleanup();
    }
  });

  it('a stapled answer about another certificate is not taken for this one', async () => {
    await setMode('soft');
    const { status, result } = await check('stapleMismatch');
    expectOutcome(result, status, unknownSoft('bad-response'));
    expect(result.warnings?.[0]?.params?.why).toBe('the OCSP answer from the server (stapled in the handshake) could not be read');
    expect(result.warnings?.[0]?.params?.whyRu).toBe('OCSP-ответ от сервера (вложенный в рукопожатие) не удалось прочитать');
  });

  it("an OCSP answer past its nextUpdate by ThinCert's clock does not count", async () => {
    await setMode('hard');
    // The responder answers with nextUpdate a day after now; two days later that answer is stale.
    const later = { THINCERT_NOW: new Date(Date.now() + 2 * 86_400_000).toISOString() };
    const { status, result } = await check('ocspGood', later);
    expectOutcome(result, status, unknownHard('stale'));
  });

  it('a CRL on the device is used until its nextUpdate, then named as expired', async () => {
    await setMode('hard');
    expect((await thincert(dataDir, ['crl', 'add', rev.crlCurrent])).status).toBe(0);
    // openssl ca -crldays 7: on day 8 the device's CRL no longer answers, and nothing else can.
    const { status, result } = await check('offlineRevoked', { THINCERT_NOW: new Date(Date.now() + 8 * 86_400_000).toISOString() });
    expectOutcome(result, status, unknownHard('crl-expired'));
    expect(result.reasons[0]?.params?.why).toMatch(/^the CRL from this device \(the CRL of "O=ThinCert Test, CN=Revocation Test CA"\) expired on \d{4}-\d\d-\d\d$/);
  });

  it('sources that accept and never answer cost one time budget, not one timeout each', async () => {
    const sockets = new Set<Socket>();
    // Reads and never answers; resume() so that the client's close is seen and the server can stop.
    const silent = createServer((socket) => {
      sockets.add(socket.on('error', () => undefined).resume());
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(rev.ports.silent, '127.0.0.1', resolve));
    try {
      await setMode('hard');
      const started = performance.now();
      const { status, result } = await check('silentSources');
      // Three OCSP responders and a CRL point at 2.5 s each would be 10 s; the budget is 5 s.
      expect(performance.now() - started).toBeLessThan(7_000);
      expectOutcome(result, status, unknownHard('responder-down'));
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  }, 20_000);

  it('an intermediate revoked in its CA\'s CRL makes every server under it untrusted', async () => {
    expect((await thincert(dataDir, ['crl', 'add', rev.crlCurrent])).status).toBe(0);
    await setMode('soft');
    const soft = await check('underRevokedCa');
    expect(soft.status).toBe(3);
    expect(soft.result.reasons.map((r) => [r.code, r.params?.subject])).toEqual([['revoked', 'O=ThinCert Test, CN=Revoked Intermediate CA']]);
    // The server certificate itself has no source (its CA publishes none): a warning beside the refusal.
    expect((soft.result.warnings ?? []).map((r) => [r.code, r.params?.cause])).toEqual([['revocation-unknown', 'no-source']]);
    await setMode('hard');
    const hard = await check('underRevokedCa');
    expect(hard.result.reasons.map((r) => r.code)).toEqual(['revoked', 'revocation-unknown']);
    await setMode('off');
    expect((await check('underRevokedCa')).result.trusted).toBe(true);
  });
});
