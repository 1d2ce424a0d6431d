/**
 * Issue 16 §2's test PKI: one CA run with `openssl ca` and its index file,
 * leaves that publish their status through an OCSP responder (AIA) or a CRL
 * distribution point on 127.0.0.1, some revoked with `openssl ca -revoke`,
 * delegated OCSP signers (with and without OCSPSigning), CRLs made with
 * `openssl ca -gencrl` (current and long expired) and stapled responses made
 * with `openssl ocsp -respout`. The ports are chosen first: the certificates name them.
 */
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openssl } from './openssl-cli';
import { Pki, type PkiCert } from './pki';
import { freePorts } from './ports';

export interface RevocationPorts {
  /** OCSP responder signing with the CA's own key. */
  ocspCa: number;
  /** OCSP responder signing with a delegated OCSPSigning certificate. */
  ocspDelegated: number;
  /** OCSP responder whose signer lacks OCSPSigning (its answers must not count). */
  ocspBadSigner: number;
  /** Nothing listens here: the responder is down. */
  ocspDown: number;
  /** nginx serving the CRLs over plain HTTP. */
  http: number;
  /** For a server the test runs that accepts connections and never answers. */
  silent: number;
}

export interface RevocationPki {
  pki: Pki;
  ca: PkiCert;
  /** An intermediate CA under `ca`, revoked; leaves.underRevokedCa is its server certificate. */
  revokedCa: PkiCert;
  signer: PkiCert;
  badSigner: PkiCert;
  ports: RevocationPorts;
  leaves: Record<LeafName, PkiCert>;
  /** Files: current and expired CRL (DER), the folder nginx serves, stapled responses. */
  crlCurrent: string;
  crlExpired: string;
  httpRoot: string;
  stapled: { good: string; revoked: string };
  /** Revoked leaves and when openssl ca recorded it. */
  revoke(leaf: PkiCert): void;
  /** A new CRL from the index as it is now. */
  makeCrl(out: string, options?: { lastUpdate?: string; nextUpdate?: string }): string;
  cleanup(): void;
}

export type LeafName =
  | 'ocspGood'
  | 'ocspRevoked'
  | 'ocspCaGood'
  | 'ocspUnknown'
  | 'ocspDown'
  | 'ocspBadSigner'
  | 'crlGood'
  | 'crlRevoked'
  | 'crlExpired'
  | 'noSource'
  | 'offlineRevoked'
  | 'silentSources'
  | 'underRevokedCa'
  | 'stapleGood'
  | 'stapleRevoked';

export async function createRevocationPki(): Promise<RevocationPki> {
  const [ocspCa, ocspDelegated, ocspBadSigner, ocspDown, http, silent] = await freePorts(6);
  const ports = { ocspCa, ocspDelegated, ocspBadSigner, ocspDown, http, silent } as RevocationPorts;
  const pki = new Pki();
  const ca = pki.issue({ name: 'rev-ca', commonName: 'Revocation Test CA', key: 'ec256', ca: {} });
  const leaf = (name: string, extra: string[]) =>
    pki.issue({ name, commonName: `${name}.test`, key: 'ec256', issuer: ca, subjectAltNames: ['IP:127.0.0.1', `DNS:${name}.test`], extraExtensions: extra });
  const aia = (port: number) => [`authorityInfoAccess = OCSP;URI:http://127.0.0.1:${port}/`];
  const cdp = (file: string) => [`crlDistributionPoints = URI:http://127.0.0.1:${ports.http}/${file}`];
  const leaves: Record<LeafName, PkiCert> = {
    ocspGood: leaf('ocsp-good', aia(ports.ocspDelegated)),
    ocspRevoked: leaf('ocsp-revoked', aia(ports.ocspDelegated)),
    ocspCaGood: leaf('ocsp-ca-good', aia(ports.ocspCa)),
    ocspUnknown: leaf('ocsp-unknown', aia(ports.ocspDelegated)),
    ocspDown: leaf('ocsp-down', aia(ports.ocspDown)),
    ocspBadSigner: leaf('ocsp-bad-signer', aia(ports.ocspBadSigner)),
    crlGood: leaf('crl-good', cdp('ca.crl')),
    crlRevoked: leaf('crl-revoked', cdp('ca.crl')),
    crlExpired: leaf('crl-expired', cdp('expired.crl')),
    noSource: leaf('no-source', []),
    // Revoked and publishing nothing: only a CRL imported by hand or delivered by policy can tell.
    offlineRevoked: leaf('offline-revoked', []),
    // Three responders and a CRL point, all on a server that never answers.
    silentSources: leaf('silent-sources', [
      `authorityInfoAccess = OCSP;URI:http://127.0.0.1:${ports.silent}/a, OCSP;URI:http://127.0.0.1:${ports.silent}/b, OCSP;URI:http://127.0.0.1:${ports.silent}/c`,
      `crlDistributionPoints = URI:http://127.0.0.1:${ports.silent}/ca.crl`,
    ]),
    // Issued below, once its intermediate exists.
    underRevokedCa: undefined as unknown as PkiCert,
    stapleGood: leaf('staple-good', []),
    stapleRevoked: leaf('staple-revoked', []),
  };
  const revokedCa = pki.issue({ name: 'revoked-ca', commonName: 'Revoked Intermediate CA', key: 'ec256', issuer: ca, ca: {} });
  leaves.underRevokedCa = pki.issue({ name: 'under-revoked-ca', commonName: 'under-revoked-ca.test', key: 'ec256', issuer: revokedCa, subjectAltNames: ['IP:127.0.0.1'] });
  const signer = pki.issue({ name: 'ocsp-signer', commonName: 'Revocation Test OCSP Signer', key: 'ec256', issuer: ca, extKeyUsage: ['OCSPSigning'] });
  const badSigner = pki.issue({ name: 'ocsp-bad-signer-cert', commonName: 'Not An OCSP Signer', key: 'ec256', issuer: ca, extKeyUsage: ['clientAuth'] });

  const run = (args: string[]) => openssl(args, { cwd: pki.dir });
  const revoke = (cert: PkiCert) =>
    void run(['ca', '-config', 'ca.cnf', '-md', 'sha256', '-revoke', cert.certPath, '-cert', ca.certPath, '-keyfile', ca.keyPath, '-crl_reason', 'keyCompromise']);
  for (const name of ['ocspRevoked', 'crlRevoked', 'stapleRevoked', 'offlineRevoked'] as const) revoke(leaves[name]);
  revoke(revokedCa);
  // Unknown to the responder: its line leaves the index (as if another CA instance had issued it).
  const index = join(pki.dir, 'index.txt');
  const serial = leaves.ocspUnknown.x509.serialNumber.toUpperCase();
  const lines = readFileSync(index, 'utf8').split('\n');
  const kept = lines.filter((line) => !line.toUpperCase().replace(/\t0+/g, '\t').includes(`\t${serial.replace(/^0+/, '')}\t`));
  if (kept.length !== lines.length - 1) throw new Error(`serial ${serial} not found once in ${index}`);
  writeFileSync(index, kept.join('\n'));

  const makeCrl = (out: string, options: { lastUpdate?: string; nextUpdate?: string } = {}) => {
    const pem = join(pki.dir, `${out}.pem`);
    const dates = options.lastUpdate && options.nextUpdate ? ['-crl_lastupdate', options.lastUpdate, '-crl_nextupdate', options.nextUpdate] : ['-crldays', '7'];
    run(['ca', '-config', 'ca.cnf', '-gencrl', '-md', 'sha256', '-cert', ca.certPath, '-keyfile', ca.keyPath, ...dates, '-out', pem]);
    const der = join(pki.dir, out);
    run(['crl', '-in', pem, '-outform', 'DER', '-out', der]);
    return der;
  };
  const crlCurrent = makeCrl('current.crl');
  const crlExpired = makeCrl('expired.crl', { lastUpdate: '20250101000000Z', nextUpdate: '20250108000000Z' });
  // nginx's workers drop root: the folder they serve must be readable by anyone (the PKI's is 0700).
  const httpRoot = join(pki.dir, 'www');
  mkdirSync(httpRoot);
  chmodSync(pki.dir, 0o711);
  chmodSync(httpRoot, 0o755);
  for (const [from, to] of [[crlCurrent, 'ca.crl'], [crlExpired, 'expired.crl']] as const) {
    copyFileSync(from, join(httpRoot, to));
    chmodSync(join(httpRoot, to), 0o644);
  }

  // `openssl ocsp` answering from the index without a network: the response nginx staples.
  const staple = (cert: PkiCert, out: string) => {
    const path = join(pki.dir, out);
    run(['ocsp', '-index', 'index.txt', '-rsigner', ca.certPath, '-rkey', ca.keyPath, '-CA', ca.certPath, '-issuer', ca.certPath, '-cert', cert.certPath, '-respout', path, '-ndays', '1']);
    return path;
  };
  const stapled = { good: staple(leaves.stapleGood, 'staple-good.ocsp'), revoked: staple(leaves.stapleRevoked, 'staple-revoked.ocsp') };
  return { pki, ca, revokedCa, signer, badSigner, ports, leaves, crlCurrent, crlExpired, httpRoot, stapled, revoke, makeCrl, cleanup: () => pki.cleanup() };
}
