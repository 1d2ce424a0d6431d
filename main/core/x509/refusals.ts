/**
 * Every way a certificate file is refused, in one place: the code is stable
 * (the renderer translates it, scripts key on it), the message is short
 * English a person can act on, and the params are what the message was made of.
 */
import { ThinCertError } from '../errors';
import { MAX_CERTIFICATES, MAX_FILE_BYTES } from './limits';

export const CERT_REFUSALS = {
  emptyFile: 'empty-file',
  fileTooLarge: 'file-too-large',
  notACertificate: 'not-a-certificate',
  privateKey: 'private-key',
  certificateRequest: 'certificate-request',
  pkcs12: 'pkcs12',
  damagedPem: 'damaged-pem',
  damagedDer: 'damaged-der',
  tooComplex: 'too-complex',
  damagedCertificate: 'damaged-certificate',
  unexpectedContent: 'unexpected-content',
  noCertificates: 'no-certificates',
  tooManyCertificates: 'too-many-certificates',
  weakKey: 'weak-key',
  unknownCurve: 'unknown-curve',
  weakSignature: 'weak-signature',
  unsupportedKey: 'unsupported-key',
} as const;

export function emptyFile(): ThinCertError {
  return new ThinCertError(CERT_REFUSALS.emptyFile, 'The file is empty.');
}

export function fileTooLarge(size: number): ThinCertError {
  return new ThinCertError(
    CERT_REFUSALS.fileTooLarge,
    `The file is ${size} bytes, larger than the ${MAX_FILE_BYTES} bytes (1 MiB) a certificate file may be.`,
    { size, limit: MAX_FILE_BYTES },
  );
}

export function notACertificate(): ThinCertError {
  return new ThinCertError(
    CERT_REFUSALS.notACertificate,
    'This file does not contain a certificate (PEM, DER or PKCS#7 expected).',
  );
}

export function privateKey(): ThinCertError {
  return new ThinCertError(CERT_REFUSALS.privateKey, 'This is a private key — never copy keys to the thin client.');
}

export function certificateRequest(): ThinCertError {
  return new ThinCertError(
    CERT_REFUSALS.certificateRequest,
    'This is a certificate request (CSR), not a certificate: send it to your certificate authority and add the certificate it returns.',
  );
}

export function pkcs12(): ThinCertError {
  return new ThinCertError(
    CERT_REFUSALS.pkcs12,
    'This is a PKCS#12 (PFX) file, which holds a private key. Extract the certificates only, with: openssl pkcs12 -in FILE -nokeys -out cert.pem',
  );
}

/** `reason` is a short English clause completing "A PEM block is damaged: …". */
export function damagedPem(label: string, reason: string): ThinCertError {
  return new ThinCertError(
    CERT_REFUSALS.damagedPem,
    `The "${label}" PEM block is damaged: ${reason}. Copy the file again from its source.`,
    { label, reason },
  );
}

export function damagedDer(reason: string): ThinCertError {
  return new ThinCertError(
    CERT_REFUSALS.damagedDer,
    `The certificate data is damaged: ${reason}. Copy the file again from its source.`,
    { reason },
  );
}

export function tooComplex(): ThinCertError {
  return new ThinCertError(
    CERT_REFUSALS.tooComplex,
    'The file is nested too deeply or has too many parts to be a certificate.',
  );
}

export function damagedCertificate(reason: string): ThinCertError {
  return new ThinCertError(
    CERT_REFUSALS.damagedCertificate,
    `A certificate in the file cannot be read: ${reason}.`,
    { reason },
  );
}

export function unexpectedContent(what: string): ThinCertError {
  return new ThinCertError(
    CERT_REFUSALS.unexpectedContent,
    `The file contains ${what}; only certificates can be added.`,
    { what },
  );
}

export function noCertificates(): ThinCertError {
  return new ThinCertError(CERT_REFUSALS.noCertificates, 'The PKCS#7 file holds no certificates.');
}

export function tooManyCertificates(count: number): ThinCertError {
  return new ThinCertError(
    CERT_REFUSALS.tooManyCertificates,
    `The file holds ${count} certificates; at most ${MAX_CERTIFICATES} can be added at once.`,
    { count, limit: MAX_CERTIFICATES },
  );
}

export function weakRsaKey(subject: string, bits: number): ThinCertError {
  return new ThinCertError(
    CERT_REFUSALS.weakKey,
    `The certificate "${subject}" has an RSA key of ${bits} bits; at least 2048 bits are required.`,
    { subject, keyType: 'RSA', bits },
  );
}

/** Same code and params as the trust check's weak-key reason (trust/reason-messages.ts). */
export function dsaKey(subject: string, bits: number | null): ThinCertError {
  return new ThinCertError(
    CERT_REFUSALS.weakKey,
    `The certificate "${subject}" has a DSA key, which is no longer accepted; ask for an RSA, EC or Ed25519 certificate.`,
    bits === null ? { subject, keyType: 'DSA' } : { subject, keyType: 'DSA', bits },
  );
}

export function unknownCurve(subject: string, curve: string): ThinCertError {
  return new ThinCertError(
    CERT_REFUSALS.unknownCurve,
    `The certificate "${subject}" uses the unknown elliptic curve ${curve}; only P-256, P-384 and P-521 are accepted.`,
    { subject, curve },
  );
}

export function weakSignature(subject: string, algorithm: string): ThinCertError {
  return new ThinCertError(
    CERT_REFUSALS.weakSignature,
    `The certificate "${subject}" is signed with ${algorithm}, which is no longer safe; ask for a certificate signed with SHA-256 or better.`,
    { subject, algorithm },
  );
}

export function unsupportedKey(subject: string, keyAlgorithm: string): ThinCertError {
  return new ThinCertError(
    CERT_REFUSALS.unsupportedKey,
    `The certificate "${subject}" has a ${keyAlgorithm} key, which ThinCert does not support; RSA, EC, Ed25519 and Ed448 are.`,
    { subject, keyAlgorithm },
  );
}
