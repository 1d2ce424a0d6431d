import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Purpose } from '../../../../app/purposes';
import type { StoredCertificate } from '../types';

const run = promisify(execFile);

/** SHA-256 of the DER as upper-case colon hex, the store's key (PROTOCOL.md, F). */
export function fingerprintOf(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

/**
 * Real self-signed certificates made by OpenSSL, so bundles can be checked by
 * OpenSSL itself. One EC key serves them all: the store never looks at keys.
 */
export async function makeCertificates(workDir: string, count: number, purposes: Purpose[] = ['rdp']): Promise<StoredCertificate[]> {
  const keyPath = join(workDir, 'fixture-key.pem');
  await run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyPath]);
  const indexes = Array.from({ length: count }, (_, i) => i);
  const out: StoredCertificate[] = [];
  const parallel = 4;
  for (let start = 0; start < count; start += parallel) {
    const batch = indexes.slice(start, start + parallel);
    out.push(...(await Promise.all(batch.map((i) => makeOne(workDir, keyPath, i, purposes)))));
  }
  return out;
}

async function makeOne(workDir: string, keyPath: string, index: number, purposes: Purpose[]): Promise<StoredCertificate> {
  const certPath = join(workDir, `fixture-${index}.der`);
  await run('openssl', [
    'req', '-x509', '-key', keyPath, '-subj', `/CN=thincert-test-${index}`, '-days', '30',
    '-set_serial', String(index + 1), '-outform', 'DER', '-out', certPath,
  ]);
  return storedFromDer(await readFile(certPath), purposes);
}

/** Just enough details for the store, which trusts them as written (it never re-parses). */
export function storedFromDer(der: Buffer, purposes: Purpose[]): StoredCertificate {
  const x509 = new X509Certificate(der);
  const fingerprint = fingerprintOf(der);
  return {
    fingerprint,
    der: der.toString('base64'),
    details: {
      fingerprint,
      sha1: x509.fingerprint,
      subject: x509.subject,
      issuer: x509.issuer,
      serial: x509.serialNumber,
      notBefore: new Date(x509.validFrom).toISOString(),
      notAfter: new Date(x509.validTo).toISOString(),
      isCA: x509.ca,
      selfSigned: x509.subject === x509.issuer,
      keyType: 'ec',
      keyBits: 256,
      curve: 'P-256',
      signatureAlgorithm: 'ecdsa-with-SHA256',
      subjectAltNames: [],
      keyUsage: [],
      extKeyUsage: [],
    },
    purposes,
    source: 'manual',
    label: null,
    addedAt: '2025-01-01T00:00:00.000Z',
  };
}
