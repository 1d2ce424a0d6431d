/**
 * The one set of certificates the trust, probe and peer tests share: each
 * member exists to make one trust rule (ARCHITECTURE.md "Trust rules") fire.
 */
import type { NginxSite } from './nginx';
import { daysFromNow, Pki, type PkiCert } from './pki';

export interface TestPki {
  pki: Pki;
  rootRsa: PkiCert;
  intermediate: PkiCert;
  rootEc: PkiCert;
  unknownRoot: PkiCert;
  constrainedCa: PkiCert;
  /** valid.test, RSA, issued by the intermediate. */
  valid: PkiCert;
  expired: PkiCert;
  notYetValid: PkiCert;
  wildcard: PkiCert;
  ipAddress: PkiCert;
  ecLeaf: PkiCert;
  ed25519Leaf: PkiCert;
  selfSigned: PkiCert;
  unknownIssuerLeaf: PkiCert;
  clientAuthOnly: PkiCert;
  weakRsa1024: PkiCert;
  constraintViolator: PkiCert;
  expiredPin: PkiCert;
  otherPin: PkiCert;
  /** rdp.test leaves for xrdp (RSA and ECDSA), issued by the intermediate. */
  rdpRsa: PkiCert;
  rdpEc: PkiCert;
  /** logs.test leaf for rsyslog. */
  logServer: PkiCert;
  cleanup(): void;
}

export function createTestPki(): TestPki {
  const pki = new Pki();
  const rootRsa = pki.issue({ name: 'root-rsa', commonName: 'ThinCert Test Root RSA', key: 'rsa2048', ca: {} });
  const intermediate = pki.issue({
    name: 'intermediate',
    commonName: 'ThinCert Test Intermediate',
    key: 'rsa2048',
    issuer: rootRsa,
    ca: { pathLen: 0 },
  });
  const rootEc = pki.issue({ name: 'root-ec', commonName: 'ThinCert Test Root EC', key: 'ec256', ca: {} });
  const unknownRoot = pki.issue({ name: 'unknown-root', commonName: 'Unknown Test Root', key: 'ec256', ca: {} });
  const constrainedCa = pki.issue({
    name: 'constrained-ca',
    commonName: 'ThinCert Constrained CA',
    key: 'ec256',
    issuer: rootRsa,
    ca: { pathLen: 0, permittedDns: ['allowed.test'] },
  });
  const leaf = (name: string, host: string, extra: Partial<Parameters<Pki['issue']>[0]> = {}): PkiCert =>
    pki.issue({
      name,
      commonName: host,
      key: 'rsa2048',
      issuer: intermediate,
      subjectAltNames: [`DNS:${host}`],
      ...extra,
    });
  return {
    pki,
    rootRsa,
    intermediate,
    rootEc,
    unknownRoot,
    constrainedCa,
    valid: leaf('valid', 'valid.test'),
    expired: leaf('expired', 'expired.test', { notBefore: daysFromNow(-400), notAfter: daysFromNow(-30) }),
    notYetValid: leaf('not-yet-valid', 'future.test', { notBefore: daysFromNow(30), notAfter: daysFromNow(400) }),
    wildcard: leaf('wildcard', '*.wild.test'),
    ipAddress: leaf('ip', '127.0.0.1', { subjectAltNames: ['IP:127.0.0.1'] }),
    ecLeaf: leaf('ec-leaf', 'ec.test', { key: 'ec256', issuer: rootEc }),
    ed25519Leaf: leaf('ed25519-leaf', 'ed.test', { key: 'ed25519' }),
    selfSigned: pki.issue({
      name: 'self-signed',
      commonName: 'self.test',
      key: 'ec256',
      subjectAltNames: ['DNS:self.test'],
    }),
    unknownIssuerLeaf: leaf('unknown-issuer', 'unknown.test', { key: 'ec256', issuer: unknownRoot }),
    clientAuthOnly: leaf('client-auth', 'client.test', { extKeyUsage: ['clientAuth'] }),
    weakRsa1024: leaf('weak', 'weak.test', { key: 'rsa1024' }),
    constraintViolator: leaf('constraint-violator', 'evil.test', { key: 'ec256', issuer: constrainedCa }),
    expiredPin: pki.issue({
      name: 'expired-pin',
      commonName: 'old-pin.test',
      key: 'ec256',
      subjectAltNames: ['DNS:old-pin.test'],
      notBefore: daysFromNow(-400),
      notAfter: daysFromNow(-30),
    }),
    otherPin: pki.issue({
      name: 'other-pin',
      commonName: 'self.test',
      key: 'rsa2048',
      subjectAltNames: ['DNS:self.test'],
    }),
    rdpRsa: leaf('rdp-rsa', 'rdp.test'),
    rdpEc: leaf('rdp-ec', 'rdp-ec.test', { key: 'ec256' }),
    logServer: leaf('log-server', 'logs.test'),
    cleanup: () => pki.cleanup(),
  };
}

/** An nginx site serving `chain` (leaf first, then what it sends along), with the leaf's key. */
export function chainSite(pki: Pki, name: string, chain: [PkiCert, ...PkiCert[]]): NginxSite {
  return { name, chainPath: pki.bundle(`${name}-chain.pem`, chain), keyPath: chain[0].keyPath };
}

/** The nginx site most trust tests connect to: valid.test served with its intermediate, as a well-run server sends it. */
export function validSite(pki: TestPki): NginxSite {
  return chainSite(pki.pki, 'valid', [pki.valid, pki.intermediate]);
}
