import { isPurpose } from '../../../app/purposes';
import type { StoredCertificate } from './types';
import { onlyForEntry } from '../trust/constrained-anchor';

const FINGERPRINT = /^[0-9A-F]{2}(?::[0-9A-F]{2}){31}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** `[IPv6]:port` at the longest host name (app/host-name.ts) plus brackets, colon and five digits. */
const MAX_SERVER_LENGTH = 263;
const SOURCES: readonly unknown[] = ['manual', 'policy', 'enrollment', 'replacement'];

/**
 * Checks what a damaged or hand-edited file could get wrong at little cost:
 * the top level and each entry's identity and purposes. `details` is trusted
 * as ThinCert wrote it — checking it field by field for 10,000 entries on
 * every read would cost more than the rest of a read. Returns the first
 * problem in words, or null.
 */
export function certificatesProblem(certificates: unknown): string | null {
  if (typeof certificates !== 'object' || certificates === null || Array.isArray(certificates)) {
    return '"certificates" is not an object keyed by fingerprint';
  }
  for (const [key, entry] of Object.entries(certificates)) {
    const problem = entryProblem(key, entry);
    if (problem !== null) return `certificate ${key}: ${problem}`;
  }
  return null;
}

function entryProblem(key: string, entry: unknown): string | null {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'not an object';
  const candidate = entry as Partial<Record<keyof StoredCertificate, unknown>>;
  if (typeof candidate.fingerprint !== 'string' || !FINGERPRINT.test(candidate.fingerprint)) {
    return 'fingerprint is not SHA-256 in colon hex';
  }
  if (candidate.fingerprint !== key) return 'fingerprint differs from its key';
  if (typeof candidate.der !== 'string' || !BASE64.test(candidate.der)) return 'der is not base64';
  if (!Array.isArray(candidate.purposes) || !candidate.purposes.every(isPurpose)) return 'purposes are not a list of known purposes';
  if (typeof candidate.details !== 'object' || candidate.details === null) return 'details are missing';
  if (!SOURCES.includes(candidate.source)) return 'source is not known';
  if (candidate.label !== null && typeof candidate.label !== 'string') return 'label is neither text nor null';
  if (typeof candidate.addedAt !== 'string') return 'addedAt is missing';
  if (candidate.servers !== undefined && !(Array.isArray(candidate.servers) && candidate.servers.every((s) => typeof s === 'string' && s.length <= MAX_SERVER_LENGTH))) {
    return 'servers are not a list of host:port';
  }
  if (candidate.onlyFor !== undefined && !onlyForIsValid(candidate.onlyFor)) return 'onlyFor is not a list of DNS suffixes and IP ranges';
  return null;
}

/** Every entry already in canonical form: a hand edit that would change what it means is damage. */
function onlyForIsValid(onlyFor: unknown): boolean {
  return Array.isArray(onlyFor) && onlyFor.length > 0 && onlyFor.every((entry) => typeof entry === 'string' && onlyForEntry(entry) === entry);
}
