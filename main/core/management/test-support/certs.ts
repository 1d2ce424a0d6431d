/** Test fixtures of the management capability: certificates made by openssl now, temp folders. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';

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
