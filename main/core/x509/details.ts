/**
 * The details of one certificate, from one X509Certificate (OpenSSL's verdict
 * that the certificate is readable, and its self-signature) and one light DER
 * pass (structure.ts) for everything Node does not expose in a usable form.
 * Node's own getters are avoided on purpose: `keyUsage` returns the EXTENDED
 * key usages, `subject` is in encoding order with OpenSSL escaping, and dates
 * come as locale-like text.
 */
import { X509Certificate } from 'node:crypto';
import type { CertificateDetails, KeyType } from '../../../app/schemas';
import { scanElement } from './der';
import { sha1Fingerprint, sha256Fingerprint } from './fingerprint';
import { KEY_ALGORITHMS, OTHER_KEY_ALGORITHMS, SIGNATURE_ALGORITHMS } from './oids';
import { damagedCertificate, damagedDer, dsaKey, unsupportedKey } from './refusals';
import { readStructure, type CertificateStructure } from './structure';

export function detailsOf(der: Buffer): CertificateDetails {
  return parsedCertificate(der).details;
}

/** The details and the X509Certificate they were read with, for callers that need both (the trust engine). */
export function parsedCertificate(der: Buffer): { details: CertificateDetails; x509: X509Certificate } {
  const top = scanElement(der);
  if (top.end !== der.length) throw damagedDer('it has extra bytes after its end');
  const structure = readStructure(der, top);
  const x509 = openWithOpenSsl(der);
  const [keyType, keyBits] = keyOf(structure);
  const details: CertificateDetails = {
    fingerprint: sha256Fingerprint(der),
    sha1: sha1Fingerprint(der),
    subject: structure.subject,
    issuer: structure.issuer,
    serial: structure.serial,
    notBefore: structure.notBefore,
    notAfter: structure.notAfter,
    isCA: structure.isCA,
    // Names first: verifying is the expensive part and only a root can pass.
    selfSigned: structure.subject === structure.issuer && signedByItself(x509),
    keyType,
    keyBits,
    curve: structure.publicKey.curve,
    signatureAlgorithm: SIGNATURE_ALGORITHMS[structure.signatureAlgorithmOid] ?? structure.signatureAlgorithmOid,
    subjectAltNames: structure.subjectAltNames,
    keyUsage: structure.keyUsage,
    extKeyUsage: structure.extKeyUsage,
  };
  return { details, x509 };
}

/** The trust code validates chains with OpenSSL; a certificate it cannot read is no use to store. */
function openWithOpenSsl(der: Buffer): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch {
    throw damagedCertificate('OpenSSL cannot read it');
  }
}

function signedByItself(x509: X509Certificate): boolean {
  try {
    return x509.verify(x509.publicKey);
  } catch {
    // OpenSSL could not load the key (an odd curve or algorithm): then it
    // cannot have checked the self-signature either, so "not self-signed".
    return false;
  }
}

/**
 * DSA and exotic keys have no place in CertificateDetails (app/schemas.ts), so
 * they are refused here rather than in weaknesses.ts: such a certificate has
 * no details ThinCert could show.
 */
function keyOf(structure: CertificateStructure): [KeyType, number] {
  const key = structure.publicKey;
  switch (key.algorithmOid) {
    case KEY_ALGORITHMS.rsa:
    case KEY_ALGORITHMS.rsaPss:
      return ['rsa', key.modulusBits ?? 0];
    case KEY_ALGORITHMS.ec:
      // 0 for a curve ThinCert does not know; weaknesses.ts refuses those.
      return ['ec', key.curveBits ?? 0];
    case KEY_ALGORITHMS.ed25519:
      return ['ed25519', 256];
    case KEY_ALGORITHMS.ed448:
      return ['ed448', 456];
    case KEY_ALGORITHMS.dsa:
      throw dsaKey(structure.subject, key.modulusBits);
    default:
      throw unsupportedKey(structure.subject, OTHER_KEY_ALGORITHMS[key.algorithmOid] ?? key.algorithmOid);
  }
}
