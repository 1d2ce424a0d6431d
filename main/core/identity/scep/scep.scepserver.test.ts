import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScepServer, type ScepPeer } from '../../../../test/peers/scep';
import { connectToCa } from './client';
import { generateDeviceKey } from './csr';
import { requestCertificate } from './request';

const CHALLENGE = 'scep-secret';
let peer: ScepPeer;

beforeAll(async () => {
  peer = await startScepServer({ challenge: CHALLENGE });
});
afterAll(async () => {
  await peer.dispose();
});

describe('SCEP against Debian scepserver', () => {
  // scepserver 2.1 checks the challenge on RenewalReq too, so the renewal carries it.
  it('enrolls a new RSA key with PKCSReq and renews it with RenewalReq', async () => {
    const ca = await connectToCa(peer.url, peer.caFingerprint);
    const keyPem = await generateDeviceKey();
    const first = await requestCertificate({ ca, keyPem, subject: { cn: 'tc-unit', san: ['DNS:tc-unit.example', 'IP:10.0.0.7'] }, challenge: CHALLENGE, renewWith: null, now: new Date() });
    expect(first.kind).toBe('issued');
    if (first.kind !== 'issued') return;
    const [leafDer] = first.issued.certificates;
    const leaf = new X509Certificate(leafDer as Buffer);
    expect(leaf.subject).toContain('CN=tc-unit');
    expect(leaf.subjectAltName).toContain('DNS:tc-unit.example');
    const newKey = await generateDeviceKey();
    const renewed = await requestCertificate({ ca, keyPem: newKey, subject: { cn: 'tc-unit', san: [] }, challenge: CHALLENGE, renewWith: { certDer: leafDer as Buffer, keyPem }, now: new Date() });
    expect(renewed.kind).toBe('issued');
    if (renewed.kind !== 'issued') return;
    const next = new X509Certificate(renewed.issued.certificates[0] as Buffer);
    expect(next.serialNumber).not.toBe(leaf.serialNumber);
  });
});
