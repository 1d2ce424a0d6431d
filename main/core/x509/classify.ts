/**
 * What a DER structure is, judged by its shape alone, so that keys, requests
 * and PKCS#12 files are named for what they are (and refused with advice)
 * instead of failing as "damaged". The element has passed `scanElement`.
 */
import { childrenOf, contentOf, contextTag, oidOf, TAG, type DerElement } from './der';

export type DerKind =
  | 'certificate'
  | 'pkcs7'
  | 'pkcs12'
  | 'private-key'
  | 'certificate-request'
  | 'crl'
  | 'unknown';

const PKCS7 = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
} as const;

export function classifyDer(der: Buffer, top: DerElement): DerKind {
  if (top.tag !== TAG.sequence) return 'unknown';
  const parts = childrenOf(der, top);
  const tags = parts.map((part) => part.tag);
  const [first, second] = parts;
  if (first === undefined) return 'unknown';

  if (tags.length === 3 && tags[0] === TAG.sequence && tags[1] === TAG.sequence && tags[2] === TAG.bitString) {
    return classifySigned(der, first);
  }
  if (first.tag === TAG.oid) {
    return oidOf(der, first) === PKCS7.signedData && second?.tag === contextTag(0) ? 'pkcs7' : 'unknown';
  }
  if (first.tag === TAG.integer) return classifyByVersion(der, parts);
  // EncryptedPrivateKeyInfo (RFC 5958 §3): { algorithm, encryptedData }.
  if (tags.length === 2 && tags[0] === TAG.sequence && tags[1] === TAG.octetString) return 'private-key';
  return 'unknown';
}

/** Certificate, CRL and PKCS#10 request share { signed part, algorithm, signature }; the signed part tells them apart. */
function classifySigned(der: Buffer, signed: DerElement): DerKind {
  const fields = childrenOf(der, signed);
  const tags = fields.map((field) => field.tag);
  // TBSCertificate: [0] version (v2/v3), or v1's serial, algorithm, issuer, validity, subject, key.
  if (tags[0] === contextTag(0)) return 'certificate';
  const v1 = [TAG.integer, TAG.sequence, TAG.sequence, TAG.sequence, TAG.sequence, TAG.sequence];
  if (v1.every((tag, i) => tags[i] === tag)) return 'certificate';
  // CertificationRequestInfo: version, subject, key, [0] attributes.
  if (tags.length === 4 && tags[0] === TAG.integer && tags[3] === contextTag(0)) return 'certificate-request';
  // TBSCertList: version?, algorithm, issuer, thisUpdate (a time).
  const times: number[] = [TAG.utcTime, TAG.generalizedTime];
  if (times.includes(tags[2] ?? -1) || times.includes(tags[3] ?? -1)) return 'crl';
  return 'unknown';
}

/** Structures that open with a version INTEGER: private keys in their several formats, and PFX. */
function classifyByVersion(der: Buffer, parts: readonly DerElement[]): DerKind {
  const [version, second] = parts;
  if (version === undefined || second === undefined) return 'unknown';
  const versionBytes = contentOf(der, version);
  const versionNumber = versionBytes.length === 1 ? (versionBytes[0] as number) : -1;
  const tags = parts.map((part) => part.tag);
  // PFX (RFC 7292 §4): version 3, then a PKCS#7 ContentInfo (data or signedData).
  if (versionNumber === 3 && second.tag === TAG.sequence) {
    const [contentType] = childrenOf(der, second);
    if (contentType?.tag === TAG.oid) {
      const oid = oidOf(der, contentType);
      if (oid === PKCS7.data || oid === PKCS7.signedData) return 'pkcs12';
    }
  }
  // PrivateKeyInfo / OneAsymmetricKey (RFC 5958 §2): version 0|1, algorithm, key OCTET STRING.
  if ((versionNumber === 0 || versionNumber === 1) && tags[1] === TAG.sequence && tags[2] === TAG.octetString) return 'private-key';
  // ECPrivateKey (RFC 5915 §3): version 1, key OCTET STRING.
  if (versionNumber === 1 && tags[1] === TAG.octetString) return 'private-key';
  // RSAPrivateKey (RFC 8017 A.1.2, 9 integers) and OpenSSL's DSA key (6 integers), version 0.
  if (versionNumber === 0 && tags.length >= 6 && tags.every((tag) => tag === TAG.integer)) return 'private-key';
  return 'unknown';
}
