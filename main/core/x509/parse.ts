/**
 * A certificate file as a person brings it (PEM, several PEM blocks, DER,
 * PKCS#7 in PEM or DER) turned into certificates with their details — all of
 * them or none: any part that is not a usable certificate refuses the whole
 * file, so an import never half-succeeds (CLI.md `add`).
 */
import type { CertificateDetails } from '../../../app/schemas';
import { classifyDer, type DerKind } from './classify';
import { scanElement, type DerElement } from './der';
import { detailsOf } from './details';
import { MAX_CERTIFICATES, MAX_FILE_BYTES } from './limits';
import { decodePemBody, pairPemBlocks, pemLabels, type PemBlock } from './pem-blocks';
import { certificatesInPkcs7 } from './pkcs7';
import {
  certificateRequest,
  damagedDer,
  emptyFile,
  fileTooLarge,
  noCertificates,
  notACertificate,
  pkcs12,
  privateKey,
  tooManyCertificates,
  unexpectedContent,
} from './refusals';
import { certificateWeaknesses } from './weaknesses';

export interface ParsedCertificate {
  der: Buffer;
  details: CertificateDetails;
}

export function parseCertificates(bytes: Buffer): ParsedCertificate[] {
  return certificateDers(bytes).map((der) => {
    const details = detailsOf(der);
    const [weakness] = certificateWeaknesses(der, details);
    if (weakness !== undefined) throw weakness;
    return { der, details };
  });
}

/**
 * The certificates of a file in their order, not yet parsed: `verify` judges
 * them, and a weak one is a reason there rather than a refusal of the file.
 */
export function certificateDers(bytes: Buffer): Buffer[] {
  if (bytes.length > MAX_FILE_BYTES) throw fileTooLarge(bytes.length);
  const text = textOf(bytes);
  if (text.trim() === '') throw emptyFile();
  const ders = unique(text.includes('-----BEGIN ') ? certificatesInPem(text) : certificatesInDerFile(bytes));
  if (ders.length === 0) throw noCertificates();
  if (ders.length > MAX_CERTIFICATES) throw tooManyCertificates(ders.length);
  return ders;
}

const UTF8_BOM = '\xEF\xBB\xBF';

/**
 * Latin-1 maps bytes 1:1, so markers and base64 are found whatever the
 * text around them is; a UTF-8 BOM is dropped, and UTF-16 (Windows
 * Notepad's "Unicode") is decoded first. DER input simply finds no marker.
 */
function textOf(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  const text = bytes.toString('latin1');
  return text.startsWith(UTF8_BOM) ? text.slice(UTF8_BOM.length) : text;
}

function certificatesInPem(text: string): Buffer[] {
  const markers = pemLabels(text);
  // A key is refused before anything else, even in a damaged or mixed file:
  // the person must learn not to carry keys around, whatever else is wrong.
  if (markers.some((marker) => marker.label.includes('PRIVATE KEY'))) throw privateKey();
  if (markers.length === 0) throw notACertificate();
  return pairPemBlocks(text, markers).flatMap(certificatesInBlock);
}

function certificatesInBlock(block: PemBlock): Buffer[] {
  switch (block.label) {
    case 'CERTIFICATE':
    case 'X509 CERTIFICATE':
    case 'PKCS7':
    case 'PKCS #7 SIGNED DATA':
    case 'CMS':
      return certificatesInDer(decodePemBody(block), false);
    case 'TRUSTED CERTIFICATE':
      return certificatesInDer(decodePemBody(block), true);
    case 'CERTIFICATE REQUEST':
    case 'NEW CERTIFICATE REQUEST':
      throw certificateRequest();
    case 'PKCS12':
      throw pkcs12();
    case 'X509 CRL':
      throw unexpectedContent('a certificate revocation list (CRL)');
    case 'PUBLIC KEY':
    case 'RSA PUBLIC KEY':
      throw unexpectedContent('a bare public key');
    default:
      throw unexpectedContent(`a "${block.label}" block`);
  }
}

/** A binary file that is not DER (first byte is not SEQUENCE) is not ours at all. */
function certificatesInDerFile(bytes: Buffer): Buffer[] {
  if (bytes[0] !== 0x30) throw notACertificate();
  return certificatesInDer(bytes, false);
}

/**
 * OpenSSL's TRUSTED CERTIFICATE is the certificate followed by its trust
 * settings (X509_CERT_AUX); only the certificate is kept — ThinCert's own
 * purposes decide what it is trusted for.
 */
function certificatesInDer(der: Buffer, trusted: boolean): Buffer[] {
  const top = scanElement(der);
  if (top.end !== der.length) {
    if (!trusted || scanElement(der, top.end).end !== der.length) throw damagedDer('it has extra bytes after its end');
  }
  return certificatesOfKind(der, top, classifyDer(der, top));
}

function certificatesOfKind(der: Buffer, top: DerElement, kind: DerKind): Buffer[] {
  switch (kind) {
    case 'certificate':
      return [top.end === der.length ? der : Buffer.from(der.subarray(top.start, top.end))];
    case 'pkcs7':
      return certificatesInPkcs7(der, top);
    case 'private-key':
      throw privateKey();
    case 'certificate-request':
      throw certificateRequest();
    case 'pkcs12':
      throw pkcs12();
    case 'crl':
      throw unexpectedContent('a certificate revocation list (CRL)');
    case 'unknown':
      throw notACertificate();
  }
}

/** The same certificate twice in one file (a bundle listing a root twice) is one certificate. */
function unique(ders: Buffer[]): Buffer[] {
  const seen = new Set<string>();
  return ders.filter((der) => {
    const key = der.toString('base64');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
