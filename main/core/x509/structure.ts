/**
 * One pass over a certificate's DER (RFC 5280 §4.1) for what Node's
 * X509Certificate does not expose or shows in a form we cannot use: the
 * signature algorithm, the raw key parameters, dates without locale text, and
 * the four extensions the details show. The input has already passed
 * `scanElement`, so every length is known to fit; shapes are still checked,
 * because the file may be hostile.
 */
import {
  childrenOf,
  contentOf,
  contextTag,
  elementIn,
  expectTag,
  hexOf,
  oidOf,
  TAG,
  type DerElement,
} from './der';
import { formatGeneralNames } from './general-names';
import { formatName } from './name';
import { CURVES, EXTENDED_KEY_USAGES, EXTENSIONS, KEY_ALGORITHMS, KEY_USAGE_BITS } from './oids';
import { damagedDer } from './refusals';

export interface PublicKeyStructure {
  algorithmOid: string;
  /** RSA modulus or DSA prime length in bits; null for other keys. */
  modulusBits: number | null;
  /** Curve name (P-256 …), a dotted OID for an unnamed one, "explicit parameters"; null for non-EC keys. */
  curve: string | null;
  /** Curve size in bits when the curve is known. */
  curveBits: number | null;
}

export interface CertificateStructure {
  tbs: DerElement;
  serial: string;
  signatureAlgorithmOid: string;
  /** The AlgorithmIdentifier parameters of the signature (RSASSA-PSS names its hash there). */
  signatureParameters: DerElement | undefined;
  issuer: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  publicKey: PublicKeyStructure;
  isCA: boolean;
  keyUsage: string[];
  extKeyUsage: string[];
  subjectAltNames: string[];
}

export function readStructure(der: Buffer, certificate: DerElement): CertificateStructure {
  expectTag(certificate, TAG.sequence, 'the certificate');
  const [tbs, signatureAlgorithm, signature, extra] = childrenOf(der, certificate);
  if (extra !== undefined) throw damagedDer('the certificate has extra parts');
  const signed = expectTag(tbs, TAG.sequence, 'the signed part of the certificate');
  expectTag(signature, TAG.bitString, 'the signature');
  const [signatureOid, signatureParameters] = algorithmOf(der, signatureAlgorithm);

  const fields = childrenOf(der, signed);
  // version [0] is absent in v1 certificates.
  let index = fields[0]?.tag === contextTag(0) ? 1 : 0;
  const next = (): DerElement | undefined => fields[index++];
  const serial = expectTag(next(), TAG.integer, 'the serial number');
  next(); // the inner signature AlgorithmIdentifier repeats the outer one
  const issuer = formatName(der, expectTag(next(), TAG.sequence, 'the issuer'));
  const validity = childrenOf(der, expectTag(next(), TAG.sequence, 'the validity'));
  const subject = formatName(der, expectTag(next(), TAG.sequence, 'the subject'));
  const publicKey = readPublicKey(der, expectTag(next(), TAG.sequence, 'the public key'));
  const extensionsField = fields.slice(index).find((field) => field.tag === contextTag(3));

  return {
    tbs: signed,
    serial: formatSerial(contentOf(der, serial)),
    signatureAlgorithmOid: signatureOid,
    signatureParameters,
    issuer,
    subject,
    notBefore: readTime(der, validity[0]),
    notAfter: readTime(der, validity[1]),
    publicKey,
    ...readExtensions(der, extensionsField),
  };
}

export function algorithmOf(der: Buffer, algorithm: DerElement | undefined): [string, DerElement | undefined] {
  const [oid, parameters] = childrenOf(der, expectTag(algorithm, TAG.sequence, 'an algorithm identifier'));
  return [oidOf(der, expectTag(oid, TAG.oid, 'an algorithm')), parameters];
}

/** Upper-case hex as `openssl x509 -serial` prints it, "-" for the (invalid but seen) negative ones. */
function formatSerial(bytes: Buffer): string {
  if (bytes.length === 0) throw damagedDer('the serial number is empty');
  if (((bytes[0] as number) & 0x80) === 0) {
    // A leading 00 is only DER's sign padding, which openssl does not print.
    return hexOf(bytes.length > 1 && bytes[0] === 0 ? bytes.subarray(1) : bytes);
  }
  const value = BigInt.asIntN(bytes.length * 8, BigInt(`0x${bytes.toString('hex')}`));
  const magnitude = (-value).toString(16).toUpperCase();
  return `-${magnitude.length % 2 === 0 ? magnitude : `0${magnitude}`}`;
}

const UTC_TIME = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;
const GENERALIZED_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;

/** ISO 8601 UTC without milliseconds; RFC 5280 §4.1.2.5 fixes both encodings to whole seconds in Z. */
function readTime(der: Buffer, element: DerElement | undefined): string {
  if (element === undefined) throw damagedDer('the validity is malformed');
  const text = contentOf(der, element).toString('latin1');
  let match: RegExpExecArray | null = null;
  let year: string;
  if (element.tag === TAG.utcTime && (match = UTC_TIME.exec(text)) !== null) {
    // RFC 5280: two-digit years 50–99 are 19YY, 00–49 are 20YY.
    const yy = Number(match[1]);
    year = String(yy >= 50 ? 1900 + yy : 2000 + yy);
  } else if (element.tag === TAG.generalizedTime && (match = GENERALIZED_TIME.exec(text)) !== null) {
    year = match[1] as string;
  } else {
    throw damagedDer('a validity date is malformed');
  }
  return `${year}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`;
}

function readPublicKey(der: Buffer, spki: DerElement): PublicKeyStructure {
  const [algorithm, keyBits] = childrenOf(der, spki);
  const [algorithmOid, parameters] = algorithmOf(der, algorithm);
  const bits = expectTag(keyBits, TAG.bitString, 'the public key bits');
  const key: PublicKeyStructure = { algorithmOid, modulusBits: null, curve: null, curveBits: null };
  if (algorithmOid === KEY_ALGORITHMS.rsa || algorithmOid === KEY_ALGORITHMS.rsaPss) {
    // BIT STRING content: one "unused bits" byte, then RSAPublicKey { modulus, exponent }.
    const rsaKey = elementIn(der, bits.contentStart + 1, bits.end);
    const [modulus] = childrenOf(der, expectTag(rsaKey, TAG.sequence, 'the RSA key'));
    key.modulusBits = bitLength(contentOf(der, expectTag(modulus, TAG.integer, 'the RSA modulus')));
  } else if (algorithmOid === KEY_ALGORITHMS.dsa && parameters?.tag === TAG.sequence) {
    // Dss-Parms { p, q, g } (RFC 3279 §2.3.2): the size of p is the key size, named in the refusal.
    const [prime] = childrenOf(der, parameters);
    key.modulusBits = bitLength(contentOf(der, expectTag(prime, TAG.integer, 'the DSA prime')));
  } else if (algorithmOid === KEY_ALGORITHMS.ec) {
    if (parameters?.tag === TAG.oid) {
      const oid = oidOf(der, parameters);
      const curve = CURVES[oid];
      key.curve = curve?.name ?? oid;
      key.curveBits = curve?.bits ?? null;
    } else {
      key.curve = 'explicit parameters';
    }
  }
  return key;
}

function bitLength(integer: Buffer): number {
  let i = 0;
  while (i < integer.length && integer[i] === 0) i += 1;
  if (i === integer.length) return 0;
  return (integer.length - i - 1) * 8 + (32 - Math.clz32(integer[i] as number));
}

interface ExtensionFacts {
  isCA: boolean;
  keyUsage: string[];
  extKeyUsage: string[];
  subjectAltNames: string[];
}

function readExtensions(der: Buffer, field: DerElement | undefined): ExtensionFacts {
  const facts: ExtensionFacts = { isCA: false, keyUsage: [], extKeyUsage: [], subjectAltNames: [] };
  if (field === undefined) return facts;
  const list = elementIn(der, field.contentStart, field.end);
  const seen = new Set<string>();
  for (const extension of childrenOf(der, expectTag(list, TAG.sequence, 'the extensions'))) {
    const parts = childrenOf(der, expectTag(extension, TAG.sequence, 'an extension'));
    const oid = oidOf(der, expectTag(parts[0], TAG.oid, 'an extension'));
    // RFC 5280 §4.2: an extension appears at most once; two could disagree.
    if (seen.has(oid)) throw damagedDer(`the extension ${oid} appears twice`);
    seen.add(oid);
    const wrapped = expectTag(parts[parts.length - 1], TAG.octetString, 'an extension value');
    const readValue = (): DerElement => elementIn(der, wrapped.contentStart, wrapped.end);
    switch (oid) {
      case EXTENSIONS.basicConstraints: {
        const [cA] = childrenOf(der, expectTag(readValue(), TAG.sequence, 'basicConstraints'));
        // DER encodes TRUE as 0xFF; any non-zero byte is read as true, as OpenSSL does.
        facts.isCA = cA?.tag === TAG.boolean && cA.end > cA.contentStart && contentOf(der, cA)[0] !== 0;
        break;
      }
      case EXTENSIONS.keyUsage:
        facts.keyUsage = readKeyUsage(contentOf(der, expectTag(readValue(), TAG.bitString, 'keyUsage')));
        break;
      case EXTENSIONS.extKeyUsage:
        facts.extKeyUsage = childrenOf(der, expectTag(readValue(), TAG.sequence, 'extendedKeyUsage')).map((purpose) => {
          const purposeOid = oidOf(der, purpose);
          return EXTENDED_KEY_USAGES[purposeOid] ?? purposeOid;
        });
        break;
      case EXTENSIONS.subjectAltName:
        facts.subjectAltNames = formatGeneralNames(der, readValue());
        break;
      default:
        break;
    }
  }
  return facts;
}

/** BIT STRING: first byte counts unused bits, then bit 0 is the most significant bit of the next byte. */
function readKeyUsage(bitString: Buffer): string[] {
  if (bitString.length === 0) throw damagedDer('keyUsage is malformed');
  const usages: string[] = [];
  KEY_USAGE_BITS.forEach((name, bit) => {
    const byte = bitString[1 + (bit >> 3)];
    if (byte !== undefined && (byte & (0x80 >> (bit & 7))) !== 0) usages.push(name);
  });
  return usages;
}
