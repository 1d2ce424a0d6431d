/**
 * How OpenSSL's path-validation verdict (from the probe's handshake against
 * the stored anchors only) combines with our own analysis.
 *
 * OpenSSL is the authority on the path: "trusted by anchor" needs its yes.
 * Two deliberate exceptions, both because OpenSSL is answering a different
 * question than ours:
 * - date errors: OpenSSL checks against the system time, ThinCert against its
 *   Clock (tests, and the wrong-clock rule). Our own date checks decide.
 * - an intermediate anchor on a Node without `allowPartialTrustChain`
 *   (X509_V_FLAG_PARTIAL_CHAIN): OpenSSL then insists on reaching a
 *   self-signed root and reports the missing issuer of our anchor. Our own
 *   walk has verified every signature up to the stored anchor
 *   (X509Certificate.checkIssued + verify), and dates, CA flags, EKU and name
 *   constraints are checked by us, so the anchor is accepted on that basis.
 */
import type { OpensslVerdict } from '../probes/tls-handshake';
import type { ReasonCode } from '../../../app/reason-messages';

const DATE_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const MISSING_ISSUER_ERRORS = new Set(['UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);

/** OpenSSL errors our own analysis already explains, by the reason codes that explain them. */
const EXPLAINED_BY: Readonly<Record<string, readonly ReasonCode[]>> = {
  CERT_HAS_EXPIRED: ['expired', 'issuer-expired', 'clock-wrong'],
  CERT_NOT_YET_VALID: ['not-yet-valid', 'issuer-not-yet-valid', 'clock-wrong'],
  UNABLE_TO_GET_ISSUER_CERT: ['incomplete-chain', 'unknown-issuer', 'nothing-stored'],
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: ['incomplete-chain', 'unknown-issuer', 'nothing-stored'],
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: ['incomplete-chain', 'unknown-issuer'],
  DEPTH_ZERO_SELF_SIGNED_CERT: ['self-signed'],
  SELF_SIGNED_CERT_IN_CHAIN: ['unknown-issuer'],
  INVALID_PURPOSE: ['wrong-extended-key-usage'],
  INVALID_CA: ['issuer-not-ca'],
  PERMITTED_VIOLATION: ['name-constraints-violated'],
  EXCLUDED_VIOLATION: ['name-constraints-violated'],
  EE_KEY_TOO_SMALL: ['weak-key'],
  CA_KEY_TOO_SMALL: ['weak-key'],
  CA_MD_TOO_WEAK: ['weak-signature'],
  // Node 20 + OpenSSL 3.0 surface a name-constraint violation on the leaf as UNSPECIFIED.
  UNSPECIFIED: ['name-constraints-violated'],
};

/** Whether OpenSSL's verdict allows "trusted by anchor" for a path our walk ended at `anchorSelfSigned`. */
export function opensslAccepts(verdict: OpensslVerdict | null, anchorSelfSigned: boolean): boolean {
  if (verdict === null) return false;
  if (verdict.authorized || verdict.error === null) return true;
  if (DATE_ERRORS.has(verdict.error)) return true;
  return !verdict.partialChain && !anchorSelfSigned && MISSING_ISSUER_ERRORS.has(verdict.error);
}

/** True when one of `found` already tells the person what OpenSSL's error means. */
export function explainedBy(error: string, found: ReadonlySet<string>): boolean {
  return (EXPLAINED_BY[error] ?? []).some((code) => found.has(code));
}
