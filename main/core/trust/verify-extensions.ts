/**
 * The facts `verify`'s step-by-step verdict needs that neither Node's
 * X509Certificate nor CertificateDetails expose: the version, every extension
 * with its critical flag (duplicates kept, so they can be refused), the
 * basicConstraints path length, whether keyUsage is present at all, and the
 * kinds of name-constraint subtrees. One light pass over the DER that
 * certs/der.ts already bounded when the certificate was parsed.
 */
import { childrenOf, contentOf, contextTag, elementIn, oidOf, scanElement, TAG, type DerElement } from '../x509/der';
import { EXTENSIONS, KEY_USAGE_BITS } from '../x509/oids';

export const EXTENSION_OIDS = {
  ...EXTENSIONS,
  nameConstraints: '2.5.29.30',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  subjectKeyIdentifier: '2.5.29.14',
} as const;

export interface ExtensionEntry {
  oid: string;
  critical: boolean;
}

export interface ExtensionFacts {
  /** 1, 2 or 3 (the DER's value + 1). */
  version: number;
  extensions: ExtensionEntry[];
  /** Null when basicConstraints is absent or has no pathLenConstraint. */
  pathLen: number | null;
  /** Null when the certificate has no keyUsage extension (every use allowed). */
  keyUsage: ReadonlySet<string> | null;
  /** Null when the certificate has no extKeyUsage extension (every use allowed). */
  extKeyUsage: ReadonlySet<string> | null;
  /** GeneralName tags (0x80 | n) of every permitted or excluded subtree base. */
  constraintTags: number[];
  /** Whether an authorityKeyIdentifier carries its keyIdentifier (RFC 5280 §4.2.1.1: conforming CAs MUST include it). */
  authorityKeyId: boolean;
  /** Whether the subjectAltName extension is present but lists no name. */
  emptySubjectAltName: boolean;
  /** Whether the outer signatureAlgorithm equals the one inside tbsCertificate (RFC 5280 §4.1.1.2). */
  signatureAlgorithmsAgree: boolean;
  subjectEmpty: boolean;
  issuerEmpty: boolean;
  /** RFC 5280 §4.1.2.2: a positive integer of at most 20 octets. */
  serialConforms: boolean;
}

const cache = new WeakMap<Buffer, ExtensionFacts>();

export function extensionFacts(der: Buffer): ExtensionFacts {
  const hit = cache.get(der);
  if (hit) return hit;
  const facts = readFacts(der);
  cache.set(der, facts);
  return facts;
}

function readFacts(der: Buffer): ExtensionFacts {
  const [tbs, outerAlgorithm] = childrenOf(der, scanElement(der));
  const fields = tbs ? childrenOf(der, tbs) : [];
  const versioned = fields[0]?.tag === contextTag(0);
  const version = versioned ? versionOf(der, fields[0] as DerElement) : 1;
  const rest = versioned ? fields.slice(1) : fields;
  // serial, signature, issuer, validity, subject, subjectPublicKeyInfo, then optional fields.
  const [serial, innerAlgorithm, issuer, , subject] = rest;
  const facts: ExtensionFacts = {
    version,
    extensions: [],
    pathLen: null,
    keyUsage: null,
    extKeyUsage: null,
    constraintTags: [],
    emptySubjectAltName: false,
    authorityKeyId: false,
    signatureAlgorithmsAgree:
      innerAlgorithm !== undefined && outerAlgorithm !== undefined && sameBytes(der, innerAlgorithm, outerAlgorithm),
    subjectEmpty: subject === undefined || subject.end === subject.contentStart,
    issuerEmpty: issuer === undefined || issuer.end === issuer.contentStart,
    serialConforms: serial !== undefined && serialConforms(contentOf(der, serial)),
  };
  const wrapper = rest.find((field) => field.tag === contextTag(3));
  const [list] = wrapper ? childrenOf(der, wrapper) : [];
  for (const extension of list ? childrenOf(der, list) : []) {
    const parts = childrenOf(der, extension);
    const id = parts[0];
    const value = parts[parts.length - 1];
    if (id === undefined || value?.tag !== TAG.octetString) continue;
    const oid = oidOf(der, id);
    const flag = parts.length === 3 ? parts[1] : undefined;
    const critical = flag?.tag === TAG.boolean && contentOf(der, flag)[0] !== 0;
    facts.extensions.push({ oid, critical });
    const inner = elementIn(der, value.contentStart, value.end);
    readValue(der, oid, inner, facts);
  }
  return facts;
}

function readValue(der: Buffer, oid: string, inner: DerElement, facts: ExtensionFacts): void {
  switch (oid) {
    case EXTENSION_OIDS.basicConstraints: {
      const length = childrenOf(der, inner).find((part) => part.tag === TAG.integer);
      if (length) facts.pathLen = contentOf(der, length).reduce((n, byte) => n * 256 + byte, 0);
      break;
    }
    case EXTENSION_OIDS.keyUsage:
      facts.keyUsage = new Set(keyUsageNames(contentOf(der, inner)));
      break;
    case EXTENSION_OIDS.extKeyUsage:
      facts.extKeyUsage = new Set(childrenOf(der, inner).map((usage) => oidOf(der, usage)));
      break;
    case EXTENSION_OIDS.authorityKeyIdentifier:
      facts.authorityKeyId = childrenOf(der, inner).some((part) => part.tag === 0x80);
      break;
    case EXTENSION_OIDS.subjectAltName:
      facts.emptySubjectAltName = inner.end === inner.contentStart;
      break;
    case EXTENSION_OIDS.nameConstraints:
      for (const subtrees of childrenOf(der, inner)) {
        for (const subtree of childrenOf(der, subtrees)) {
          const [base] = childrenOf(der, subtree);
          if (base) facts.constraintTags.push(base.tag);
        }
      }
      break;
    default:
  }
}

function serialConforms(bytes: Buffer): boolean {
  const first = bytes[0] ?? 0x80;
  // A leading zero octet only carries the sign of a high first bit; it does not count as content.
  const length = first === 0 && bytes.length > 1 ? bytes.length - 1 : bytes.length;
  return (first & 0x80) === 0 && bytes.some((byte) => byte !== 0) && length <= 20;
}

function versionOf(der: Buffer, field: DerElement): number {
  const [integer] = childrenOf(der, field);
  return integer ? (contentOf(der, integer)[0] ?? 0) + 1 : 1;
}

function keyUsageNames(bitString: Buffer): string[] {
  const names: string[] = [];
  KEY_USAGE_BITS.forEach((name, bit) => {
    const byte = bitString[1 + Math.floor(bit / 8)] ?? 0;
    if ((byte & (0x80 >> (bit % 8))) !== 0) names.push(name);
  });
  return names;
}

function sameBytes(der: Buffer, a: DerElement, b: DerElement): boolean {
  return der.subarray(a.start, a.end).equals(der.subarray(b.start, b.end));
}
