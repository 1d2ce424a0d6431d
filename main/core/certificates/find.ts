import { ThinCertError } from '../errors';
import type { StoreState, StoredCertificate } from '../store/types';

/**
 * Finds one certificate by at least 8 hex digits of its SHA-256 (CLI.md `show FP`),
 * colons and spaces optional; refuses an ambiguous prefix rather than guessing.
 */
export function findByFingerprint(state: StoreState, query: string, within?: (c: StoredCertificate) => boolean): StoredCertificate {
  const hex = query.replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{8,64}$/.test(hex)) {
    throw new ThinCertError('fingerprint-invalid', 'Give at least 8 hex digits of the SHA-256 fingerprint (colons optional).', { query });
  }
  const matches: StoredCertificate[] = [];
  for (const cert of Object.values(state.certificates)) {
    if (within && !within(cert)) continue;
    if (cert.fingerprint.replace(/:/g, '').startsWith(hex)) matches.push(cert);
  }
  if (matches.length === 0) throw new ThinCertError('not-found', `No stored certificate has a fingerprint starting ${query}.`, { query });
  if (matches.length > 1) {
    throw new ThinCertError('fingerprint-ambiguous', `${matches.length} certificates start with ${query}; give more digits.`, { query, count: matches.length });
  }
  return matches[0] as StoredCertificate;
}
