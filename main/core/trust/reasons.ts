/** Reasons as CheckResult carries them: stable code, params, English message from the catalogue. */
import type { Reason } from '../../../app/schemas';
import type { ThinCertError } from '../errors';
import { reasonMessages, renderReason, REASON_CODES, type ReasonCode } from '../../../app/reason-messages';

export type ReasonParams = Record<string, string | number>;

export function reason(code: ReasonCode, params: ReasonParams = {}): Reason {
  return { code, message: renderReason(reasonMessages.en[code], params), params };
}

export function isReasonCode(code: string): code is ReasonCode {
  return (REASON_CODES as readonly string[]).includes(code);
}

/**
 * A ThinCertError from a probe or from certs/ becomes a Reason; its code is one
 * of ours, so the catalogue's words are used and the renderer can translate it.
 */
export function reasonFromError(error: ThinCertError): Reason {
  const params = error.params ?? {};
  if (isReasonCode(error.code)) return reason(error.code, params);
  return { code: error.code, message: error.message, params };
}

/** "2026-11-01" — dates in reasons are days; the exact instant is in the chain entry. */
export function day(at: Date | string): string {
  return (typeof at === 'string' ? new Date(at) : at).toISOString().slice(0, 10);
}
