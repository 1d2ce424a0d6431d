/**
 * Name constraints (RFC 5280 §4.2.1.10) of a CA certificate, and whether a
 * leaf's names lie within them. Our own check, because OpenSSL reports a
 * violation through Node as one error code that a later error can overwrite
 * (Node 20 showed "UNSPECIFIED" where `openssl verify` says "permitted subtree
 * violation"), and every reason must be shown. Only dNSName and iPAddress
 * subtrees are understood: those are the names a server certificate carries.
 */
import { childrenOf, contentOf, contextTag, elementIn, oidOf, scanElement, TAG, type DerElement } from '../x509/der';
import { canonicalIp, ipBytes } from './server-name';

const NAME_CONSTRAINTS_OID = '2.5.29.30';
/** GeneralName CHOICE tags, IMPLICIT primitive (RFC 5280 §4.2.1.6). */
const DNS_NAME = 0x82;
const IP_ADDRESS = 0x87;

export interface IpRange {
  address: Buffer;
  mask: Buffer;
}

export interface NameConstraints {
  permittedDns: string[];
  excludedDns: string[];
  permittedIp: IpRange[];
  excludedIp: IpRange[];
}

/** The constraints in a certificate, or null when it has none. */
export function nameConstraintsOf(der: Buffer): NameConstraints | null {
  const extension = findExtension(der, NAME_CONSTRAINTS_OID);
  if (extension === null) return null;
  const constraints: NameConstraints = { permittedDns: [], excludedDns: [], permittedIp: [], excludedIp: [] };
  for (const subtrees of childrenOf(der, extension)) {
    const permitted = subtrees.tag === contextTag(0);
    if (!permitted && subtrees.tag !== contextTag(1)) continue;
    for (const subtree of childrenOf(der, subtrees)) {
      const [base] = childrenOf(der, subtree);
      if (base?.tag === DNS_NAME) {
        (permitted ? constraints.permittedDns : constraints.excludedDns).push(contentOf(der, base).toString('latin1').toLowerCase());
      } else if (base?.tag === IP_ADDRESS) {
        const bytes = contentOf(der, base);
        const half = bytes.length / 2;
        const range = { address: bytes.subarray(0, half), mask: bytes.subarray(half) };
        (permitted ? constraints.permittedIp : constraints.excludedIp).push(range);
      }
    }
  }
  return constraints;
}

/** Names of the leaf ("DNS:x"/"IP:y") that break the constraints; empty when all are allowed. */
export function namesOutside(constraints: NameConstraints, names: readonly string[]): string[] {
  const outside: string[] = [];
  for (const entry of names) {
    if (entry.startsWith('DNS:')) {
      const name = entry.slice(4).toLowerCase();
      const permitted = constraints.permittedDns.length === 0 || constraints.permittedDns.some((c) => dnsWithin(name, c));
      const excluded = constraints.excludedDns.some((c) => dnsWithin(name, c));
      if (!permitted || excluded) outside.push(name);
    } else if (entry.startsWith('IP:')) {
      const address = entry.slice(3);
      const bytes = ipBytes(address);
      const permitted = constraints.permittedIp.length === 0 || constraints.permittedIp.some((r) => ipWithin(bytes, r));
      const excluded = constraints.excludedIp.some((r) => ipWithin(bytes, r));
      if (!permitted || excluded) outside.push(canonicalIp(address));
    }
  }
  return outside;
}

/**
 * RFC 5280 §4.2.1.10: "example.com" covers itself and every subdomain; a
 * leading dot (".example.com", a common extension) covers subdomains only.
 */
function dnsWithin(name: string, constraint: string): boolean {
  if (constraint === '') return true;
  if (constraint.startsWith('.')) return name.endsWith(constraint);
  return name === constraint || name.endsWith(`.${constraint}`);
}

function ipWithin(address: Buffer, range: IpRange): boolean {
  if (address.length !== range.address.length) return false;
  for (let i = 0; i < address.length; i += 1) {
    if (((address[i] ?? 0) & (range.mask[i] ?? 0)) !== ((range.address[i] ?? 0) & (range.mask[i] ?? 0))) return false;
  }
  return true;
}

/** The extnValue content (the inner DER) of an extension, or null. */
function findExtension(der: Buffer, oid: string): DerElement | null {
  const [tbs] = childrenOf(der, scanElement(der));
  if (tbs === undefined) return null;
  const extensions = childrenOf(der, tbs).find((field) => field.tag === contextTag(3));
  if (extensions === undefined) return null;
  const [list] = childrenOf(der, extensions);
  if (list === undefined) return null;
  for (const extension of childrenOf(der, list)) {
    const parts = childrenOf(der, extension);
    const id = parts[0];
    const value = parts[parts.length - 1];
    if (id?.tag === TAG.oid && value?.tag === TAG.octetString && oidOf(der, id) === oid) {
      return elementIn(der, value.contentStart, value.end);
    }
  }
  return null;
}
