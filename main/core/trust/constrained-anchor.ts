/**
 * Anchors limited to names (issue 16 §3, as Chrome's
 * CACertificatesWithConstraints): a stored authority trusted only for server
 * names under given DNS suffixes or inside given IP ranges. The limit applies
 * to the name checked AND to every name the leaf carries, like a permitted
 * subtree of RFC 5280 name constraints: a leaf that also names a host outside
 * the limit could be shown elsewhere, and the bundle handed to other programs
 * cannot carry the limit.
 */
import { isIP } from 'node:net';
import { isHostName } from '../../../app/host-name';
import { ThinCertError } from '../errors';
import { canonicalIp, ipBytes, unbracketHost } from './server-name';

/** More entries than this is a list of hosts, not a limit: refuse rather than keep a wall of text. */
export const MAX_ONLY_FOR_ENTRIES = 64;

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** `corp.example,10.0.0.0/8,fd00::/8` → canonical entries; refuses the whole list on the first bad entry. */
export function parseOnlyFor(text: string): string[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.length === 0 || items.every((item) => item === '')) {
    throw invalid(text, 'the list is empty');
  }
  if (items.length > MAX_ONLY_FOR_ENTRIES) throw invalid(text, `more than ${MAX_ONLY_FOR_ENTRIES} entries`);
  const entries: string[] = [];
  for (const item of items) {
    const entry = onlyForEntry(item);
    if (typeof entry !== 'string') throw invalid(item, entry.problem);
    if (!entries.includes(entry)) entries.push(entry);
  }
  return entries;
}

/** One entry in canonical form (lower-case suffix, or network/prefix), or why it is refused. */
export function onlyForEntry(item: string): string | { problem: string } {
  if (item === '') return { problem: 'an entry is empty (two commas in a row?)' };
  if (item.includes('/')) return cidrEntry(item);
  if (isIP(item) !== 0) {
    // A single address is the range of that one address.
    return `${canonicalIp(item)}/${isIP(item) === 4 ? 32 : 128}`;
  }
  const name = item.toLowerCase();
  if (name.includes('*')) return { problem: 'a wildcard is not a DNS suffix: write corp.example to cover every name under it' };
  if (!isHostName(name) || name.startsWith('.') || name.endsWith('.')) return { problem: 'is not a DNS name' };
  if (!name.split('.').every((label) => LABEL.test(label))) return { problem: 'has a label that is empty, longer than 63 characters or starts or ends with a hyphen' };
  // A bare IPv4-looking suffix such as "10.0" would never match a name and must not pose as a range.
  if (/^[0-9.]+$/.test(name)) return { problem: 'looks like an address but is not one: write a range as 10.0.0.0/8' };
  return name;
}

function cidrEntry(item: string): string | { problem: string } {
  const [address = '', prefixText = '', extra] = item.split('/');
  if (extra !== undefined) return { problem: 'is not ADDRESS/PREFIX' };
  const version = isIP(address);
  if (version === 0) return { problem: 'has no valid IPv4 or IPv6 address before the /' };
  const bits = version === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) return { problem: `has a prefix that is not a whole number from 0 to ${bits}` };
  const prefix = Number(prefixText);
  const bytes = ipBytes(address);
  if (!sameRange(bytes, maskOf(bytes, prefix))) {
    return { problem: `has address bits set past the /${prefix} prefix (did you mean ${formatIp(maskOf(bytes, prefix))}/${prefix}?)` };
  }
  return `${canonicalIp(address)}/${prefix}`;
}

/** Whether the server name, or a name on the leaf ("DNS:x", "IP:y" or a bare name), lies within the limit. */
export function withinOnlyFor(name: string, onlyFor: readonly string[]): boolean {
  const target = unbracketHost(name);
  if (isIP(target) !== 0) {
    const bytes = ipBytes(target);
    return onlyFor.some((entry) => entry.includes('/') && ipInCidr(bytes, entry));
  }
  // "*.corp.example" on a leaf stands for names one label under corp.example: judge its base.
  const dns = target.toLowerCase().replace(/\.$/, '').replace(/^\*\./, '');
  return onlyFor.some((entry) => !entry.includes('/') && (dns === entry || dns.endsWith(`.${entry}`)));
}

/**
 * The names (server name first, then the leaf's DNS/IP names; the CN when the
 * leaf has none) that the limit does not cover; empty when all are within.
 */
export function namesOutsideOnlyFor(host: string | null, leafNames: readonly string[], onlyFor: readonly string[]): string[] {
  const outside: string[] = [];
  const consider = (name: string) => {
    const shown = isIP(name) !== 0 ? canonicalIp(name) : name.toLowerCase();
    if (!withinOnlyFor(name, onlyFor) && !outside.includes(shown)) outside.push(shown);
  };
  if (host !== null) consider(unbracketHost(host));
  for (const entry of leafNames) consider(entry.replace(/^(DNS|IP):/, ''));
  return outside;
}

function ipInCidr(address: Buffer, cidr: string): boolean {
  const [network = '', prefixText = '0'] = cidr.split('/');
  const range = ipBytes(network);
  if (range.length !== address.length) return false;
  return sameRange(maskOf(address, Number(prefixText)), range);
}

function maskOf(bytes: Buffer, prefix: number): Buffer {
  const masked = Buffer.from(bytes);
  for (let i = 0; i < masked.length; i += 1) {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    masked[i] = (masked[i] ?? 0) & ((0xff << (8 - keep)) & 0xff);
  }
  return masked;
}

function sameRange(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && a.equals(b);
}

function formatIp(bytes: Buffer): string {
  if (bytes.length === 4) return [...bytes].join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return canonicalIp(groups.join(':'));
}

function invalid(item: string, problem: string): ThinCertError {
  return new ThinCertError(
    'only-for-invalid',
    `--only-for '${item}' ${problem}. Give DNS suffixes (corp.example) and IP ranges (10.0.0.0/8, fd00::/8) separated by commas.`,
    { entry: item, problem },
  );
}
