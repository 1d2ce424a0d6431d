/**
 * One certificate in PEM, as the protocol carries it (PROTOCOL.md §3 policy
 * fields, §4 pending replacement). Parsing goes through OpenSSL (Node's
 * X509Certificate), so "a PEM that does not parse" means what OpenSSL says.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { formatFingerprint } from '../x509/fingerprint';
import { certificatePem } from '../x509/pem-blocks';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n]+?)-----END CERTIFICATE-----/g;

/** A certificate the protocol names: its DER and F (PROTOCOL.md, Terms). */
export interface ProtocolCertificate {
  der: Buffer;
  /** F as raw bytes, the input of the §4 codes. */
  digest: Buffer;
}

/**
 * The DER of a PEM text holding exactly one certificate, or null. Exactly one:
 * a policy entry with two blocks would otherwise be half applied.
 */
export function derOfSinglePem(pem: string): Buffer | null {
  const blocks = [...pem.matchAll(PEM_BLOCK)];
  const body = blocks.length === 1 ? blocks[0]?.[1] : undefined;
  if (body === undefined) return null;
  const der = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  try {
    // Throws on anything OpenSSL does not read as an X.509 certificate.
    new X509Certificate(der);
  } catch {
    return null;
  }
  return der;
}

export function pemOfDer(der: Buffer): string {
  return certificatePem(der);
}

/** F: SHA-256 over the DER (PROTOCOL.md, Terms). */
export function digestOf(der: Buffer): Buffer {
  return createHash('sha256').update(der).digest();
}

/** F as people see it and as the store keys it: upper-case hex pairs joined by ':' (PROTOCOL.md, Terms). */
export function showFingerprint(digest: Buffer): string {
  return formatFingerprint(digest);
}

/** A fingerprint typed by an operator (colons, spaces, any case) as 32 bytes, or null. */
export function parseFingerprint(input: string): Buffer | null {
  const hex = input.replace(/[\s:]/g, '');
  return /^[0-9A-Fa-f]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : null;
}
