/**
 * Checks the signature over a CRL's or an OCSP response's signed part with
 * node:crypto (OpenSSL). Only the algorithms X.509 servers use today; an
 * unknown or weak one (SHA-1, MD5, RSA-PSS with parameters we do not read)
 * counts as "not verified", which makes the status unknown, never good.
 */
import { verify, type KeyObject } from 'node:crypto';

/** Signature algorithm OID → the digest node:crypto's verify takes (null: the algorithm hashes itself). */
const ALGORITHMS: Readonly<Record<string, string | null>> = {
  '1.2.840.113549.1.1.11': 'sha256', // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256', // ecdsa-with-SHA256
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': null, // Ed25519
  '1.3.101.113': null, // Ed448
};

export function signatureAlgorithmKnown(oid: string): boolean {
  return Object.hasOwn(ALGORITHMS, oid);
}

export function signatureValid(oid: string, signed: Buffer, signature: Buffer, key: KeyObject): boolean {
  if (!signatureAlgorithmKnown(oid)) return false;
  try {
    return verify(ALGORITHMS[oid] ?? null, signed, key, signature);
  } catch {
    // A key of another type than the algorithm names (an RSA key for ECDSA): not this signer.
    return false;
  }
}
