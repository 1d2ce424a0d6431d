/**
 * Does the leaf name server H? RFC 6125 §6 as browsers apply it:
 * - a DNS name is compared with DNS subjectAltNames, case-insensitively
 *   (§6.4.1), a trailing dot ignored;
 * - a wildcard is accepted only as the whole left-most label, "*.example.org"
 *   (§6.4.3 allows more; partial labels like "f*o" are refused, as in every
 *   browser), covers exactly one label, and never a bare "*.tld";
 * - an IP literal is compared with IP subjectAltNames only (RFC 5280
 *   §4.2.1.6), never with DNS names or the CN;
 * - the subject CN is used only when the certificate has no DNS or IP
 *   subjectAltName at all (§6.4.4: no CN fallback when SANs exist).
 */
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';

export interface CertificateNames {
  /** "DNS:x" / "IP:y" entries as CertificateDetails lists them; other kinds are ignored. */
  subjectAltNames: readonly string[];
  /** The subject's common name, if any. */
  commonName: string | null;
}

export function unbracketHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export function matchesServerName(host: string, names: CertificateNames): boolean {
  const target = unbracketHost(host);
  const dnsNames = sanValues(names.subjectAltNames, 'DNS:');
  const ipNames = sanValues(names.subjectAltNames, 'IP:');
  if (isIP(target) !== 0) {
    const wanted = canonicalIp(target);
    return ipNames.some((ip) => canonicalIp(ip) === wanted);
  }
  const hostName = normaliseDns(target);
  if (hostName === null) return false;
  const candidates = dnsNames.length > 0 || ipNames.length > 0 ? dnsNames : names.commonName ? [names.commonName] : [];
  return candidates.some((name) => dnsNameMatches(hostName, name));
}

/** The names the certificate does serve, for the "name H not among …" reason. */
export function listedNames(names: CertificateNames): string[] {
  const sans = names.subjectAltNames.filter((n) => n.startsWith('DNS:') || n.startsWith('IP:')).map((n) => n.replace(/^\w+:/, ''));
  if (sans.length > 0) return sans;
  return names.commonName ? [names.commonName] : [];
}

function sanValues(sans: readonly string[], prefix: string): string[] {
  return sans.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));
}

/** A-label, lower case, no trailing dot; null when it is not a usable host name. */
function normaliseDns(name: string): string | null {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  const ascii = domainToASCII(trimmed).toLowerCase();
  return ascii === '' ? null : ascii;
}

function dnsNameMatches(host: string, presented: string): boolean {
  const pattern = presented.toLowerCase().replace(/\.$/, '');
  if (!pattern.startsWith('*.')) return pattern === host;
  const suffix = pattern.slice(2);
  // "*.tld" would cover a whole top-level domain; require two labels after the wildcard.
  if (!suffix.includes('.') || suffix.includes('*')) return false;
  const dot = host.indexOf('.');
  if (dot <= 0) return false;
  return host.slice(dot + 1) === suffix;
}

/** One text form per address, so "::1" equals "0:0:0:0:0:0:0:1". */
export function canonicalIp(address: string): string {
  const version = isIP(address);
  if (version === 4) return address.split('.').map((part) => String(Number(part))).join('.');
  if (version !== 6) return address.toLowerCase();
  return expandIpv6(address).map((group) => group.toString(16)).join(':');
}

function expandIpv6(address: string): number[] {
  let text = address.toLowerCase();
  // An IPv4 tail (::ffff:1.2.3.4) is two 16-bit groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups].map((g) => parseInt(g, 16));
}

/** Bytes of an IP address (4 or 16), for name-constraint ranges. */
export function ipBytes(address: string): Buffer {
  if (isIP(address) === 4) return Buffer.from(address.split('.').map(Number));
  const bytes = Buffer.alloc(16);
  expandIpv6(address).forEach((group, i) => bytes.writeUInt16BE(group, i * 2));
  return bytes;
}
