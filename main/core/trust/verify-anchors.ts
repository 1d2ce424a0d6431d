/**
 * The anchors `verify` judges against: a purpose's stored CA certificates, or
 * a what-if set given with the chain (`--anchors FILE`, the `anchors` of a
 * `--stdin` line): CA certificates become anchors, the others pins, as `add`
 * would store them. Both are parsed once per set: a fleet audit sends the
 * same few anchor sets with thousands of chains.
 */
import { createHash } from 'node:crypto';
import type { Purpose } from '../../../app/purposes';
import type { StoredCertificate } from '../store/types';
import { chainCertificate, type ChainCertificate } from './chain-certificate';

const byStore = new WeakMap<readonly StoredCertificate[], Map<Purpose, ChainCertificate[]>>();

/** The purpose's stored CA certificates, parsed. */
export function anchorsOf(stored: readonly StoredCertificate[], purpose: Purpose): ChainCertificate[] {
  let perPurpose = byStore.get(stored);
  if (!perPurpose) {
    perPurpose = new Map();
    byStore.set(stored, perPurpose);
  }
  let anchors = perPurpose.get(purpose);
  if (!anchors) {
    anchors = stored.filter((s) => s.details.isCA && s.purposes.includes(purpose)).map((s) => chainCertificate(Buffer.from(s.der, 'base64')));
    perPurpose.set(purpose, anchors);
  }
  return anchors;
}

const whatIfSets = new Map<string, StoredCertificate[]>();
const WHAT_IF_LIMIT = 64;

/** Certificates given instead of the store, as stored entries of `purpose` (never written anywhere). Throws when one cannot be read. */
export function whatIfStore(ders: readonly Buffer[], purpose: Purpose): StoredCertificate[] {
  const hash = createHash('sha256').update(purpose);
  for (const der of ders) hash.update(createHash('sha256').update(der).digest());
  const key = hash.digest('hex');
  const hit = whatIfSets.get(key);
  if (hit) return hit;
  const set = ders.map((der): StoredCertificate => {
    const { details } = chainCertificate(der);
    return { fingerprint: details.fingerprint, der: der.toString('base64'), details, purposes: [purpose], source: 'manual', label: null, addedAt: '' };
  });
  if (whatIfSets.size >= WHAT_IF_LIMIT) whatIfSets.delete(whatIfSets.keys().next().value as string);
  whatIfSets.set(key, set);
  return set;
}
