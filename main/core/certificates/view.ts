/** Turns stored or presented certificates into the Certificate of CLI.md, status computed from one clock. */
import type { Certificate, CertificateDetails, CertStatus } from '../../../app/schemas';
import type { StoredCertificate } from '../store/types';

import { EXPIRING_DAYS as DEFAULT_EXPIRING_DAYS } from '../trust/validity';
const DAY_MS = 86_400_000;

export function statusOf(details: Pick<CertificateDetails, 'notBefore' | 'notAfter'>, now: Date, expiringDays = DEFAULT_EXPIRING_DAYS): { status: CertStatus; daysLeft: number } {
  const notAfter = Date.parse(details.notAfter);
  const notBefore = Date.parse(details.notBefore);
  const daysLeft = Math.floor((notAfter - now.getTime()) / DAY_MS);
  if (now.getTime() > notAfter) return { status: 'expired', daysLeft };
  if (now.getTime() < notBefore) return { status: 'not-yet-valid', daysLeft };
  return { status: daysLeft <= expiringDays ? 'expiring' : 'valid', daysLeft };
}

export function viewOfStored(stored: StoredCertificate, now: Date, expiringDays = DEFAULT_EXPIRING_DAYS): Certificate {
  return {
    ...stored.details,
    purposes: stored.purposes,
    source: stored.source,
    label: stored.label,
    addedAt: stored.addedAt,
    onlyFor: stored.onlyFor ?? null,
    ...statusOf(stored.details, now, expiringDays),
  };
}

/**
 * Views of stored certificates, kept while nothing they show can have changed:
 * the same stored entry (the store keeps decoded entries while store.json is
 * unchanged), the same threshold, and "now" before the next instant at which
 * the status or the days left move. Building 10,000 views on every list was
 * most of a list's cost (issue 8).
 */
const views = new WeakMap<StoredCertificate, { view: Certificate; expiringDays: number; from: number; until: number }>();

export function cachedViewOfStored(stored: StoredCertificate, now: Date, expiringDays = DEFAULT_EXPIRING_DAYS): Certificate {
  const at = now.getTime();
  const hit = views.get(stored);
  if (hit && hit.expiringDays === expiringDays && at >= hit.from && at < hit.until) return hit.view;
  const view = viewOfStored(stored, now, expiringDays);
  const notBefore = Date.parse(stored.details.notBefore);
  const nextDay = Date.parse(stored.details.notAfter) - view.daysLeft * DAY_MS;
  const until = at < notBefore ? Math.min(notBefore, nextDay) : nextDay;
  views.set(stored, { view, expiringDays, from: at, until });
  return view;
}

/** A certificate that is not (or not yet) in the store: a server's chain, a preview. */
export function viewOfDetails(details: CertificateDetails, now: Date, expiringDays = DEFAULT_EXPIRING_DAYS): Certificate {
  return { ...details, purposes: [], source: null, label: null, addedAt: null, ...statusOf(details, now, expiringDays) };
}

/** Riskiest first: expired, not yet valid, expiring soonest, then by subject. */
export function byRisk(a: Certificate, b: Certificate): number {
  const rank = (c: Certificate) => (c.status === 'expired' ? 0 : c.status === 'not-yet-valid' ? 1 : c.status === 'expiring' ? 2 : 3);
  // Plain comparison, not localeCompare: a stable order is all that is needed, and 10,000 collations are slow.
  return rank(a) - rank(b) || a.daysLeft - b.daysLeft || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0);
}

export { certificatePem as pemOf } from '../x509/pem-blocks';
