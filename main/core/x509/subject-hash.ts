/**
 * OpenSSL's subject name hash (`openssl x509 -hash`, the names `openssl rehash`
 * gives): SHA-1 of the name's canonical encoding, first four bytes read
 * little-endian. Node has no such call and ThinCert does not start openssl
 * on every change of trust, so the canonical encoding is made here exactly as
 * OpenSSL's x509_name_canon does (crypto/x509/x_name.c):
 * - every string value of a type in ASN1_MASK_CANON becomes a UTF8String with
 *   leading and trailing white space cut, inner runs of white space folded to
 *   one space and ASCII letters lowered; other types stay as they are;
 * - each RDN is re-encoded as a DER SET (members sorted), and the RDNs are
 *   concatenated without the outer SEQUENCE header.
 */
import { createHash } from 'node:crypto';
import { childrenOf, contentOf, contextTag, expectTag, scanElement, TAG, type DerElement } from './der';

/** UTF8String, PrintableString, T61String, IA5String, VisibleString, UniversalString, BMPString. */
const CANON_TAGS = new Set([0x0c, 0x13, 0x14, 0x16, 0x1a, 0x1c, 0x1e]);

/** C's isspace in the C locale: what OpenSSL folds. */
const isSpace = (byte: number): boolean => byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);

export function subjectHash(der: Buffer): string {
  const subject = subjectOf(der);
  const canonical = Buffer.concat(childrenOf(der, subject).map((rdn) => canonicalRdn(der, rdn)));
  const digest = createHash('sha1').update(canonical).digest();
  return digest.readUInt32LE(0).toString(16).padStart(8, '0');
}

function subjectOf(der: Buffer): DerElement {
  const certificate = expectTag(scanElement(der), TAG.sequence, 'the certificate');
  const tbs = expectTag(childrenOf(der, certificate)[0], TAG.sequence, 'the signed part of the certificate');
  const fields = childrenOf(der, tbs);
  const first = fields[0]?.tag === contextTag(0) ? 1 : 0;
  // serial, signature algorithm, issuer, validity, then the subject
  return expectTag(fields[first + 4], TAG.sequence, 'the subject');
}

function canonicalRdn(der: Buffer, rdn: DerElement): Buffer {
  expectTag(rdn, TAG.set, 'a relative distinguished name');
  const members = childrenOf(der, rdn).map((ava) => {
    const [type, value] = childrenOf(der, expectTag(ava, TAG.sequence, 'an attribute'));
    const oid = der.subarray(expectTag(type, TAG.oid, 'an attribute type').start, (type as DerElement).end);
    if (value === undefined) return tlv(TAG.sequence, oid);
    const canonicalValue = CANON_TAGS.has(value.tag)
      ? tlv(TAG.utf8String, canonicalText(toUtf8(value.tag, contentOf(der, value))))
      : der.subarray(value.start, value.end);
    return tlv(TAG.sequence, Buffer.concat([oid, canonicalValue]));
  });
  return tlv(TAG.set, Buffer.concat(members.sort(derSetOrder)));
}

/** ASN1_STRING_to_UTF8: T61String is read as Latin-1 (one byte per character), as OpenSSL does. */
function toUtf8(tag: number, bytes: Buffer): Buffer {
  if (tag === 0x1e) return Buffer.from(decodeWide(bytes, 2), 'utf8');
  if (tag === 0x1c) return Buffer.from(decodeWide(bytes, 4), 'utf8');
  if (tag === 0x14) return Buffer.from(bytes.toString('latin1'), 'utf8');
  return bytes;
}

function decodeWide(bytes: Buffer, width: 2 | 4): string {
  let text = '';
  for (let i = 0; i + width <= bytes.length; i += width) {
    text += String.fromCodePoint(width === 2 ? bytes.readUInt16BE(i) : bytes.readUInt32BE(i));
  }
  return text;
}

function canonicalText(bytes: Buffer): Buffer {
  let start = 0;
  let end = bytes.length;
  while (start < end && isSpace(bytes[start] as number)) start++;
  while (end > start && isSpace(bytes[end - 1] as number)) end--;
  const out: number[] = [];
  for (let i = start; i < end; ) {
    const byte = bytes[i] as number;
    if (byte >= 0x80) {
      out.push(byte);
      i++;
    } else if (isSpace(byte)) {
      out.push(0x20);
      while (i < end && isSpace(bytes[i] as number)) i++;
    } else {
      out.push(byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte);
      i++;
    }
  }
  return Buffer.from(out);
}

function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  let header: number[];
  if (length < 0x80) header = [tag, length];
  else {
    const bytes: number[] = [];
    for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from(header), content]);
}

/** DER's SET OF order: by encoding, a shorter one first where it is a prefix of the other. */
function derSetOrder(a: Buffer, b: Buffer): number {
  const common = Math.min(a.length, b.length);
  const byBytes = Buffer.compare(a.subarray(0, common), b.subarray(0, common));
  return byBytes !== 0 ? byBytes : a.length - b.length;
}
