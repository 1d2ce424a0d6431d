/**
 * thisUpdate/nextUpdate of CRLs and OCSP answers by ThinCert's clock (the
 * same clock the certificate dates use, so THINCERT_NOW and tests agree).
 * A few minutes of skew are forgiven at thisUpdate only: a responder's clock a
 * little ahead of ours is common, an answer past its nextUpdate is not used.
 */
export type Freshness = 'fresh' | 'not-yet-valid' | 'expired';

const SKEW_MS = 5 * 60_000;
/** RFC 5019 §4: without nextUpdate, newer information is always available; we take such an answer for a day. */
const NO_NEXT_UPDATE_MS = 24 * 3_600_000;

export function freshAt(thisUpdate: Date, nextUpdate: Date | null, now: Date): Freshness {
  if (thisUpdate.getTime() > now.getTime() + SKEW_MS) return 'not-yet-valid';
  const until = nextUpdate?.getTime() ?? thisUpdate.getTime() + NO_NEXT_UPDATE_MS;
  return now.getTime() > until ? 'expired' : 'fresh';
}
