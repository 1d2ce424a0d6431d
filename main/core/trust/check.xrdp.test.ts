/** checkServer for the rdp purpose against a real xrdp: X.224 negotiation, then TLS on the same socket. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { stored } from '../../../test/peers/stored';
import { createTestPki, type TestPki } from '../../../test/peers/test-pki';
import { startXrdp, type XrdpPeer } from '../../../test/peers/xrdp';
import { checkServer } from './check';

let pki: TestPki;
const servers: Record<string, XrdpPeer> = {};

beforeAll(async () => {
  pki = createTestPki();
  const rsaChain = pki.pki.bundle('rdp-rsa-chain', [pki.rdpRsa, pki.intermediate]);
  const ecChain = pki.pki.bundle('rdp-ec-chain', [pki.rdpEc, pki.intermediate]);
  servers.negotiateRsa = await startXrdp({ securityLayer: 'negotiate', certificatePath: rsaChain, keyPath: pki.rdpRsa.keyPath });
  servers.tlsEc = await startXrdp({ securityLayer: 'tls', certificatePath: ecChain, keyPath: pki.rdpEc.keyPath });
  servers.rdpOnly = await startXrdp({ securityLayer: 'rdp', certificatePath: rsaChain, keyPath: pki.rdpRsa.keyPath });
});

afterAll(async () => {
  for (const server of Object.values(servers)) await server.stop();
  pki?.cleanup();
});

const check = (server: string, host: string, store: ReturnType<typeof stored>[]) =>
  checkServer({ purpose: 'rdp', host, port: servers[server]?.port, connectTo: '127.0.0.1', timeoutMs: 5_000 }, { stored: store, clock: systemClock });

describe('checkServer for rdp (xrdp)', () => {
  it('trusts xrdp with security_layer=negotiate and an RSA certificate by its root', async () => {
    const result = await check('negotiateRsa', 'rdp.test', [stored(pki.rootRsa, ['rdp'])]);
    expect(result).toMatchObject({ trusted: true, by: 'anchor', reasons: [] });
    expect(result.chain[0]?.subject).toContain('rdp.test');
  });

  it('trusts xrdp with security_layer=tls and an ECDSA certificate by its root', async () => {
    const result = await check('tlsEc', 'rdp-ec.test', [stored(pki.rootRsa, ['rdp'])]);
    expect(result).toMatchObject({ trusted: true, by: 'anchor' });
    expect(result.chain[0]?.keyType).toBe('ec');
  });

  it('trusts a pinned xrdp leaf', async () => {
    expect(await check('negotiateRsa', 'whatever', [stored(pki.rdpRsa, ['rdp'])])).toMatchObject({ trusted: true, by: 'pinned-leaf' });
    expect(await check('tlsEc', 'whatever', [stored(pki.rdpEc, ['rdp'])])).toMatchObject({ trusted: true, by: 'pinned-leaf' });
  });

  it('says rdp-standard-security-only for a server without TLS', async () => {
    const result = await check('rdpOnly', 'rdp.test', [stored(pki.rootRsa, ['rdp'])]);
    expect(result).toMatchObject({ trusted: false, by: null, chain: [] });
    expect(result.reasons.map((r) => r.code)).toEqual(['rdp-standard-security-only']);
  });
});
