/**
 * Fingerprints as ThinCert shows and stores them: upper-case hex pairs joined
 * by colons, the form `openssl x509 -fingerprint` prints, so a person can
 * compare the two character by character.
 */
import { createHash } from 'node:crypto';

export function formatFingerprint(hash: Buffer): string {
  const hex = hash.toString('hex').toUpperCase();
  const pairs: string[] = [];
  for (let i = 0; i < hex.length; i += 2) pairs.push(hex.slice(i, i + 2));
  return pairs.join(':');
}

/** SHA-256 of the DER: the identity of a certificate in the store (ARCHITECTURE.md "F"). */
export function sha256Fingerprint(der: Buffer): string {
  return formatFingerprint(createHash('sha256').update(der).digest());
}

/** SHA-1 is shown only because older tools and admins still quote it; never used to identify. */
export function sha1Fingerprint(der: Buffer): string {
  return formatFingerprint(createHash('sha1').update(der).digest());
}

/**
 * A fingerprint as typed by a person ("ab:cd ef…") reduced to bare upper-case
 * hex, to compare as a prefix of a stored fingerprint with its colons removed.
 */
export function normaliseFingerprintQuery(query: string): string {
  return query.replace(/[:\s]/g, '').toUpperCase();
}
