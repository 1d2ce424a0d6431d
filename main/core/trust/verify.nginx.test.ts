/**
 * Issue 16 §1 through the Service's `verifyChain` channel: on the shared test
 * PKI served by a real nginx, `verify` on the chain a server presents gives
 * the same verdict and reasons as `check` on that server (one judging path),
 * agrees with `openssl verify -x509_strict -purpose sslserver`, and judges a
 * previewed file from the media folder without storing anything.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reason } from '../../../app/schemas';
import type { VerifyResult } from '../../../app/verify-channels';
import { createService } from '../create-service';
import { startNginx, type NginxPeer } from '../../../test/peers/nginx';
import type { PkiCert } from '../../../test/peers/pki';
import { createTestPki, type TestPki } from '../../../test/peers/test-pki';
import { VerifyPki } from './test-support/verify-pki';

let pki: TestPki;
let nginx: NginxPeer;
let media: string;
let service: ReturnType<typeof createService>;
const chains: Record<string, PkiCert[]> = {};

/** Weak keys and signatures are refused by ThinCert alone (docs/decisions.md): OpenSSL's verify has no such rule. */
const STRICTER = new Set(['weak']);

beforeAll(async () => {
  pki = createTestPki();
  const sites: [string, PkiCert[]][] = [
    ['valid', [pki.valid, pki.intermediate]],
    ['expired', [pki.expired, pki.intermediate]],
    ['not-yet-valid', [pki.notYetValid, pki.intermediate]],
    ['wildcard', [pki.wildcard, pki.intermediate]],
    ['ip', [pki.ipAddress, pki.intermediate]],
    ['self-signed', [pki.selfSigned]],
    ['unknown-root', [pki.unknownIssuerLeaf, pki.unknownRoot]],
    ['leaf-only', [pki.valid]],
    ['client-auth', [pki.clientAuthOnly, pki.intermediate]],
    ['weak', [pki.weakRsa1024, pki.intermediate]],
    ['constrained', [pki.constraintViolator, pki.constrainedCa]],
    ['ec', [pki.ecLeaf]],
    ['ed25519', [pki.ed25519Leaf, pki.intermediate]],
  ];
  for (const [name, chain] of sites) chains[name] = chain;
  nginx = await startNginx(
    sites.map(([name, chain]) => ({
      name,
      chainPath: pki.pki.bundle(`verify-${name}`, chain),
      keyPath: (chain[0] as PkiCert).keyPath,
      ...(name === 'weak' ? { allowWeakKey: true } : {}),
    })),
  );
  const root = mkdtempSync(path.join(os.tmpdir(), 'thincert-verify-service-'));
  media = path.join(root, 'media');
  mkdirSync(media);
  service = createService({ dataDir: path.join(root, 'data'), mediaDirs: [media] });
  for (const anchor of [pki.rootRsa, pki.rootEc]) await ok('add', { purpose: 'broker', input: { kind: 'pem', text: anchor.pem } });
}, 120_000);

afterAll(async () => {
  await service?.close();
  await nginx?.stop();
  pki?.cleanup();
});

async function ok<T>(channel: string, payload: unknown): Promise<T> {
  const answer = await service.dispatch(channel, payload, { actor: 'ui' });
  if (!answer.ok) throw new Error(`${channel} refused: ${answer.error.code} ${answer.error.message}`);
  return answer.value as T;
}

const codes = (reasons: Reason[]) => reasons.map((r) => r.code).sort();

const CASES: [site: string, host: string][] = [
  ['valid', 'valid.test'],
  ['valid', 'other.test'],
  ['expired', 'expired.test'],
  ['not-yet-valid', 'future.test'],
  ['wildcard', 'a.wild.test'],
  ['ip', '127.0.0.1'],
  ['self-signed', 'self.test'],
  ['unknown-root', 'unknown.test'],
  ['leaf-only', 'valid.test'],
  ['client-auth', 'client.test'],
  ['weak', 'weak.test'],
  ['constrained', 'evil.test'],
  ['ec', 'ec.test'],
  ['ed25519', 'ed.test'],
];

describe('verifyChain and check judge alike', () => {
  it.each(CASES)('%s as %s', async (site, host) => {
    const checked = await ok<{ trusted: boolean; by: string | null; reasons: Reason[] }>('check', {
      purpose: 'broker',
      host,
      port: nginx.ports[site],
      connectTo: '127.0.0.1',
      timeoutMs: 5_000,
    });
    const presented = chains[site] as PkiCert[];
    const verified = await ok<VerifyResult>('verifyChain', { purpose: 'broker', chainPem: presented.map((c) => c.pem).join(''), name: host });
    expect({ trusted: verified.trusted, by: verified.by }).toEqual({ trusted: checked.trusted, by: checked.by });
    expect(codes(verified.reasons)).toEqual(codes(checked.reasons));

    // And openssl verify -x509_strict on the same chain, against the stored root that would issue it.
    const [leaf, ...rest] = presented as [PkiCert, ...PkiCert[]];
    const root = leaf.x509.checkIssued(pki.rootEc.x509) ? pki.rootEc : pki.rootRsa;
    const openssl = new VerifyPki().opensslVerify(leaf, rest.filter((c) => c !== pki.unknownRoot), root, host);
    if (STRICTER.has(site)) expect([openssl, verified.trusted]).toEqual([true, false]);
    else expect(verified.trusted).toBe(openssl);
  });
});

describe('verifyChain channel', () => {
  it('judges a previewed file from the media folder and stores nothing', async () => {
    writeFileSync(path.join(media, 'new.pem'), pki.valid.pem + pki.intermediate.pem);
    const before = await ok<{ certificates: unknown[] }>('list', {});
    const preview = await ok<{ previewId: string }>('preview', { purpose: 'broker', input: { kind: 'media', path: path.join(media, 'new.pem') } });
    const verdict = await ok<VerifyResult>('verifyChain', { purpose: 'broker', previewId: preview.previewId, name: 'valid.test' });
    expect(verdict).toMatchObject({ trusted: true, by: 'anchor', nameChecked: true, name: 'valid.test' });
    expect(verdict.chain).toHaveLength(2);
    expect(await ok('list', {})).toEqual(before);
  });

  it('anchorsPem judges against those instead of the store; a bad time or name is refused at the boundary', async () => {
    const whatIf = await ok<VerifyResult>('verifyChain', {
      purpose: 'broker',
      chainPem: pki.ecLeaf.pem,
      anchorsPem: pki.unknownRoot.pem,
      name: 'ec.test',
    });
    expect(whatIf.trusted).toBe(false);
    expect(codes(whatIf.reasons)).toEqual(['incomplete-chain']);
    // The same chain against the store (where its root is) is trusted: the what-if replaced the store.
    expect(await ok<VerifyResult>('verifyChain', { purpose: 'broker', chainPem: pki.ecLeaf.pem, name: 'ec.test' })).toMatchObject({ trusted: true, by: 'anchor' });
    const later = await ok<VerifyResult>('verifyChain', { purpose: 'broker', chainPem: pki.ecLeaf.pem, name: 'ec.test', at: '2099-01-01' });
    expect(later).toMatchObject({ trusted: false, at: '2099-01-01T00:00:00.000Z' });
    for (const bad of [{ at: 'soon' }, { name: 'a b' }, { chainPem: '' }]) {
      const answer = await service.dispatch('verifyChain', { purpose: 'broker', chainPem: pki.ecLeaf.pem, ...bad }, { actor: 'ui' });
      expect(answer.ok).toBe(false);
    }
    const unknown = await service.dispatch('verifyChain', { purpose: 'broker', previewId: 'nope' }, { actor: 'ui' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'preview-expired' } });
  });
});
