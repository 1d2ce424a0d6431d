/** Test fixtures of the management capability: certificates made by openssl now, temp folders. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { Pki } from '../../../../test/peers/pki';

export interface TestCert {
  cert: string;
  key: string;
  der: Buffer;
  fingerprint: string;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `thincert-${prefix}-`));
}

/** A self-signed P-256 server certificate made by openssl now. */
export function makeCert(dir: string, name: string): TestCert {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '365', '-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name}`, '-keyout', key, '-out', cert],
    { stdio: 'pipe' },
  );
  const x509 = new X509Certificate(readFileSync(cert));
  return { cert, key, der: x509.raw, fingerprint: x509.fingerprint256 };
}

/**
 * A self-signed P-256 server certificate with the given dates (an expired or a
 * not-yet-valid management certificate): `openssl ca` is the OpenSSL 3.0 tool
 * that takes explicit dates, so test/peers/pki.ts signs it.
 */
export function makeDatedCert(name: string, notBefore: Date, notAfter: Date): TestCert {
  const issued = new Pki().issue({ name, commonName: name, key: 'ec256', subjectAltNames: [`DNS:${name}`], notBefore, notAfter });
  return { cert: issued.certPath, key: issued.keyPath, der: issued.der, fingerprint: issued.x509.fingerprint256 };
}
