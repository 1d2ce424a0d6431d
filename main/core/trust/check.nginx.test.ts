/**
 * checkServer against a real nginx, one `server` per case, cross-checked with
 * `openssl s_client -verify_return_error` against the same anchors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Purpose } from '../../../app/purposes';
import type { CheckResult } from '../../../app/schemas';
import { systemClock } from '../clock';
import type { StoredCertificate } from '../store/types';
import { startNginx, type NginxPeer } from '../../../test/peers/nginx';
import type { PkiCert } from '../../../test/peers/pki';
import { sClientVerdict } from '../../../test/peers/s-client';
import { stored } from '../../../test/peers/stored';
import { createTestPki, type TestPki } from '../../../test/peers/test-pki';
import { checkServer, fetchServerChain } from './check';

let pki: TestPki;
let nginx: NginxPeer;

beforeAll(async () => {
  pki = createTestPki();
  const site = (name: string, chain: PkiCert[], extra: { allowWeakKey?: boolean } = {}) => ({
    name,
    chainPath: pki.pki.bundle(name, chain),
    keyPath: (chain[0] as PkiCert).keyPath,
    ...extra,
  });
  nginx = await startNginx([
    site('valid', [pki.valid, pki.intermediate]),
    site('expired', [pki.expired, pki.intermediate]),
    site('not-yet-valid', [pki.notYetValid, pki.intermediate]),
    site('wildcard', [pki.wildcard, pki.intermediate]),
    site('ip', [pki.ipAddress, pki.intermediate]),
    site('self-signed', [pki.selfSigned]),
    site('unknown-root', [pki.unknownIssuerLeaf, pki.unknownRoot]),
    site('leaf-only', [pki.valid]),
    site('client-auth', [pki.clientAuthOnly, pki.intermediate]),
    site('weak', [pki.weakRsa1024, pki.intermediate], { allowWeakKey: true }),
    site('constrained', [pki.constraintViolator, pki.constrainedCa]),
    site('expired-pin', [pki.expiredPin]),
    site('ec', [pki.ecLeaf]),
    site('ed25519', [pki.ed25519Leaf, pki.intermediate]),
  ]);
});

afterAll(async () => {
  await nginx?.stop();
  pki?.cleanup();
});

function check(siteName: string, host: string, store: StoredCertificate[], purpose: Purpose = 'broker'): Promise<CheckResult> {
  return checkServer(
    { purpose, host, port: nginx.ports[siteName], connectTo: '127.0.0.1', timeoutMs: 5_000 },
    { stored: store, clock: systemClock },
  );
}

const codes = (result: CheckResult): string[] => result.reasons.map((r) => r.code);

function openssl(siteName: string, host: string, anchors: PkiCert[], partialChain = false) {
  return sClientVerdict({ port: nginx.ports[siteName] ?? 0, host, anchors, dir: pki.pki.dir, partialChain });
}

describe('checkServer over TLS (nginx)', () => {
  it('trusts a valid chain by its stored root, and OpenSSL agrees', async () => {
    const result = await check('valid', 'valid.test', [stored(pki.rootRsa, ['broker'])]);
    expect(result).toMatchObject({ trusted: true, by: 'anchor', reasons: [], purpose: 'broker', host: 'valid.test' });
    expect(result.protocol).toBe('TLSv1.3');
    expect(result.chain.map((c) => c.subject)).toEqual([
      pki.valid.x509.subject.split('\n').reverse().join(', '),
      expect.stringContaining('ThinCert Test Intermediate'),
      expect.stringContaining('ThinCert Test Root RSA'),
    ].slice(0, result.chain.length));
    expect(result.chain[0]).toMatchObject({ purposes: [], source: null, label: null, addedAt: null, status: 'valid' });
    expect(openssl('valid', 'valid.test', [pki.rootRsa])).toEqual({ ok: true, error: null });
  });

  it('refuses an expired certificate and names the date', async () => {
    const result = await check('expired', 'expired.test', [stored(pki.rootRsa, ['broker'])]);
    expect(result).toMatchObject({ trusted: false, by: null });
    expect(codes(result)).toEqual(['expired']);
    expect(result.reasons[0]?.message).toContain(new Date(pki.expired.x509.validTo).toISOString().slice(0, 10));
    expect(result.chain[0]?.status).toBe('expired');
    expect(openssl('expired', 'expired.test', [pki.rootRsa]).error).toBe('certificate has expired');
  });

  it('refuses a certificate that is not valid yet', async () => {
    const result = await check('not-yet-valid', 'future.test', [stored(pki.rootRsa, ['broker'])]);
    expect(codes(result)).toEqual(['not-yet-valid']);
    expect(openssl('not-yet-valid', 'future.test', [pki.rootRsa]).error).toBe('certificate is not yet valid');
  });

  it('refuses a valid chain for another host name and lists the names it has', async () => {
    const result = await check('valid', 'other.test', [stored(pki.rootRsa, ['broker'])]);
    expect(codes(result)).toEqual(['name-mismatch']);
    expect(result.reasons[0]?.params).toEqual({ host: 'other.test', names: 'valid.test' });
    expect(openssl('valid', 'other.test', [pki.rootRsa]).error).toBe('hostname mismatch');
  });

  it('accepts a wildcard for one label, not for two', async () => {
    const root = [stored(pki.rootRsa, ['broker'])];
    expect(await check('wildcard', 'a.wild.test', root)).toMatchObject({ trusted: true, by: 'anchor' });
    expect(codes(await check('wildcard', 'b.a.wild.test', root))).toEqual(['name-mismatch']);
    expect(openssl('wildcard', 'a.wild.test', [pki.rootRsa]).ok).toBe(true);
    expect(openssl('wildcard', 'b.a.wild.test', [pki.rootRsa]).error).toBe('hostname mismatch');
  });

  it('matches an IP address against the IP subjectAltName', async () => {
    const result = await check('ip', '127.0.0.1', [stored(pki.rootRsa, ['broker'])]);
    expect(result).toMatchObject({ trusted: true, by: 'anchor' });
    expect(openssl('ip', '127.0.0.1', [pki.rootRsa]).ok).toBe(true);
  });

  it('refuses a self-signed certificate that is not stored', async () => {
    const result = await check('self-signed', 'self.test', [stored(pki.rootRsa, ['broker'])]);
    expect(codes(result)).toEqual(['self-signed']);
    expect(openssl('self-signed', 'self.test', [pki.rootRsa]).error).toBe('self-signed certificate');
  });

  it('refuses a chain to an unknown root and names it', async () => {
    const result = await check('unknown-root', 'unknown.test', [stored(pki.rootRsa, ['broker'])]);
    expect(codes(result)).toEqual(['unknown-issuer']);
    expect(result.reasons[0]?.params?.issuer).toContain('Unknown Test Root');
    expect(openssl('unknown-root', 'unknown.test', [pki.rootRsa]).error).toBe('self-signed certificate in certificate chain');
  });

  it('refuses an incomplete chain (leaf only, root stored) and names the missing issuer', async () => {
    const result = await check('leaf-only', 'valid.test', [stored(pki.rootRsa, ['broker'])]);
    expect(codes(result)).toEqual(['incomplete-chain']);
    expect(result.reasons[0]?.params?.issuer).toContain('ThinCert Test Intermediate');
    expect(openssl('leaf-only', 'valid.test', [pki.rootRsa]).error).toBe('unable to get local issuer certificate');
  });

  it('blames the missing root on the store, not the server: leaf + intermediate, root not stored', async () => {
    const wrongRoot = await check('valid', 'valid.test', [stored(pki.rootEc, ['broker'])]);
    expect(codes(wrongRoot)).toEqual(['unknown-issuer']);
    expect(wrongRoot.reasons[0]?.params?.issuer).toContain('ThinCert Test Root RSA');
    expect(wrongRoot.reasons[0]?.message).toBe(
      `The chain leads to the authority "${wrongRoot.reasons[0]?.params?.issuer}", whose certificate is not stored for broker; add it to trust this server.`,
    );
    const nothing = await check('valid', 'valid.test', []);
    expect(codes(nothing)).toEqual(['nothing-stored', 'unknown-issuer']);
    expect(nothing.reasons[1]?.params?.issuer).toContain('ThinCert Test Root RSA');
    expect(openssl('valid', 'valid.test', [pki.rootEc]).error).toBe('unable to get local issuer certificate');
  });

  it('names the issuer of a lone leaf to add when nothing of the purpose is an authority yet', async () => {
    const result = await check('leaf-only', 'valid.test', [stored(pki.selfSigned, ['broker'])]);
    expect(codes(result)).toEqual(['pin-mismatch', 'unknown-issuer']);
    expect(result.reasons[1]?.params?.issuer).toContain('ThinCert Test Intermediate');
  });

  it('trusts a chain whose stored anchor is the intermediate (partial chain)', async () => {
    const anchor = [stored(pki.intermediate, ['broker'])];
    expect(await check('valid', 'valid.test', anchor)).toMatchObject({ trusted: true, by: 'anchor', reasons: [] });
    expect(await check('leaf-only', 'valid.test', anchor)).toMatchObject({ trusted: true, by: 'anchor' });
    expect(openssl('valid', 'valid.test', [pki.intermediate], true).ok).toBe(true);
    // Without -partial_chain OpenSSL insists on a self-signed root: the reason ThinCert asks for it.
    expect(openssl('valid', 'valid.test', [pki.intermediate]).ok).toBe(false);
  });

  it('refuses a leaf meant for clients only (EKU without serverAuth)', async () => {
    const result = await check('client-auth', 'client.test', [stored(pki.rootRsa, ['broker'])]);
    expect(codes(result)).toEqual(['wrong-extended-key-usage']);
    expect(result.reasons[0]?.params).toEqual({ usages: 'clientAuth' });
    expect(openssl('client-auth', 'client.test', [pki.rootRsa]).error).toBe('unsuitable certificate purpose');
  });

  it('refuses an RSA 1024 key as weak', async () => {
    const result = await check('weak', 'weak.test', [stored(pki.rootRsa, ['broker'])]);
    expect(codes(result)).toEqual(['weak-key']);
    expect(result.reasons[0]?.params).toMatchObject({ bits: 1024 });
    // OpenSSL's default security level 1 (s_client here) still accepts 1024-bit RSA.
    const verdict = openssl('weak', 'weak.test', [pki.rootRsa]);
    expect(verdict.ok || verdict.error === 'EE certificate key too weak').toBe(true);
  });

  it('refuses a name outside the issuing CA\'s name constraints', async () => {
    const result = await check('constrained', 'evil.test', [stored(pki.rootRsa, ['broker'])]);
    expect(codes(result)).toEqual(['name-constraints-violated']);
    expect(result.reasons[0]?.params).toMatchObject({ name: 'evil.test' });
    expect(openssl('constrained', 'evil.test', [pki.rootRsa]).error).toBe('permitted subtree violation');
  });

  it('trusts EC and Ed25519 leaves by their anchors', async () => {
    expect(await check('ec', 'ec.test', [stored(pki.rootEc, ['broker'])])).toMatchObject({ trusted: true, by: 'anchor' });
    expect(await check('ed25519', 'ed.test', [stored(pki.rootRsa, ['broker'])])).toMatchObject({ trusted: true, by: 'anchor' });
  });

  it('trusts a pinned leaf whatever its name, where OpenSSL (no anchor) refuses', async () => {
    const result = await check('self-signed', 'any-name.test', [stored(pki.selfSigned, ['broker'])]);
    expect(result).toMatchObject({ trusted: true, by: 'pinned-leaf', reasons: [] });
    // The pin is a stored non-CA certificate: OpenSSL has no anchor for it.
    expect(openssl('self-signed', 'any-name.test', [pki.rootRsa]).ok).toBe(false);
  });

  it('refuses an expired pinned leaf with the pin reason among all others', async () => {
    const result = await check('expired-pin', 'old-pin.test', [stored(pki.expiredPin, ['broker'])]);
    expect(codes(result)).toEqual(['pin-expired', 'expired', 'self-signed']);
  });

  it('refuses a different leaf than the pinned one and shows both fingerprints', async () => {
    const pin = stored(pki.otherPin, ['broker']);
    const result = await check('self-signed', 'self.test', [pin]);
    expect(codes(result)).toEqual(['pin-mismatch', 'self-signed']);
    expect(result.reasons[0]?.params).toEqual({ stored: pin.fingerprint, presented: result.chain[0]?.fingerprint });
  });

  it('hints that the anchor is stored only for another purpose', async () => {
    const result = await check('valid', 'valid.test', [stored(pki.rootRsa, ['rdp'])], 'broker');
    expect(codes(result)).toEqual(['nothing-stored', 'unknown-issuer', 'anchor-other-purpose']);
    expect(result.reasons[2]?.params).toMatchObject({ purposes: 'rdp', purpose: 'broker' });
  });

  it('reports every reason at once: expired, wrong name and unknown root', async () => {
    const result = await check('expired', 'wrong.test', [stored(pki.rootEc, ['broker'])]);
    expect(codes(result)).toEqual(['expired', 'unknown-issuer', 'name-mismatch']);
  });

  it('fetches the chain exactly as presented, leaf first, without judging it', async () => {
    const fetched = await fetchServerChain({ purpose: 'broker', host: 'valid.test', port: nginx.ports.valid, connectTo: '127.0.0.1' });
    expect(fetched.chain.map((der) => der.equals(pki.valid.der) || der.equals(pki.intermediate.der))).toEqual([true, true]);
    expect(fetched.chain[0]?.equals(pki.valid.der)).toBe(true);
    expect(fetched.protocol).toBe('TLSv1.3');
  });
});
