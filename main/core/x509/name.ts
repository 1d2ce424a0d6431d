/**
 * Distinguished names as one line, in RFC 4514 order (most specific first:
 * "CN=rdp1.example.org, O=Example, C=DE") with ", " between RDNs and " + "
 * inside a multi-valued RDN. For ASCII names this is exactly
 * `openssl x509 -noout -subject -nameopt RFC2253,sep_comma_plus_space`; unlike
 * OpenSSL, non-ASCII text is kept as Unicode (a person reads "Müller", not
 * "M\C3\BCller"). Values are escaped as RFC 4514 §2.4 asks, so the string
 * stays unambiguous.
 */
import { TAG, childrenOf, contentOf, expectTag, hexOf, oidOf, type DerElement } from './der';
import { NAME_ATTRIBUTES } from './oids';
import { damagedDer } from './refusals';

const STRING_TAGS = {
  numeric: 0x12,
  printable: 0x13,
  teletex: 0x14,
  ia5: 0x16,
  visible: 0x1a,
  universal: 0x1c,
  bmp: 0x1e,
} as const;

export function formatName(buf: Buffer, name: DerElement): string {
  expectTag(name, TAG.sequence, 'a name');
  const rdns = childrenOf(buf, name).map((rdn) => {
    expectTag(rdn, TAG.set, 'a relative distinguished name');
    // OpenSSL's dn_rev reverses every attribute, also inside a multi-valued RDN; so do we.
    return childrenOf(buf, rdn).map((attribute) => formatAttribute(buf, attribute)).reverse().join(' + ');
  });
  return rdns.reverse().join(', ');
}

function formatAttribute(buf: Buffer, attribute: DerElement): string {
  expectTag(attribute, TAG.sequence, 'a name attribute');
  const [type, value, extra] = childrenOf(buf, attribute);
  if (type === undefined || value === undefined || extra !== undefined) throw damagedDer('a name attribute is malformed');
  const oid = oidOf(buf, type);
  const key = NAME_ATTRIBUTES[oid] ?? oid;
  const text = decodeString(buf, value);
  // RFC 4514 §2.4: a value that is not a string is shown as '#' and its DER in hex.
  return text === null ? `${key}=#${hexOf(buf.subarray(value.start, value.end))}` : `${key}=${escapeValue(text)}`;
}

export function decodeString(buf: Buffer, element: DerElement): string | null {
  const bytes = contentOf(buf, element);
  switch (element.tag) {
    case TAG.utf8String:
      return bytes.toString('utf8');
    case STRING_TAGS.numeric:
    case STRING_TAGS.printable:
    case STRING_TAGS.ia5:
    case STRING_TAGS.visible:
    case STRING_TAGS.teletex: // T61 is in practice Latin-1, which is how OpenSSL shows it too.
      return bytes.toString('latin1');
    case STRING_TAGS.bmp:
      return decodeUcs(bytes, 2);
    case STRING_TAGS.universal:
      return decodeUcs(bytes, 4);
    default:
      return null;
  }
}

/** BMPString is UCS-2 and UniversalString UCS-4, both big-endian. */
function decodeUcs(bytes: Buffer, width: 2 | 4): string {
  if (bytes.length % width !== 0) throw damagedDer('a name has a malformed Unicode string');
  let text = '';
  for (let i = 0; i < bytes.length; i += width) {
    const code = width === 2 ? bytes.readUInt16BE(i) : bytes.readUInt32BE(i);
    text += code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\uFFFD';
  }
  return text;
}

const SPECIAL = new Set([',', '+', '"', '\\', '<', '>', ';']);

function escapeValue(value: string): string {
  let out = '';
  const chars = Array.from(value);
  chars.forEach((char, index) => {
    const code = char.codePointAt(0) as number;
    if (code < 0x20 || code === 0x7f) {
      out += `\\${code.toString(16).toUpperCase().padStart(2, '0')}`;
    } else if (
      SPECIAL.has(char) ||
      (index === 0 && (char === '#' || char === ' ')) ||
      (index === chars.length - 1 && char === ' ')
    ) {
      out += `\\${char}`;
    } else {
      out += char;
    }
  });
  return out;
}
