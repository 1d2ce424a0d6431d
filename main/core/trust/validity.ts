/** Validity against ThinCert's Clock (not OpenSSL's system time), and the wrong-clock rule. */
import type { CertStatus } from '../../../app/schemas';
import { BUILD_DATE } from '../build-info';

const DAY_MS = 86_400_000;

/** Default "expires soon" window (CLI.md `config`: expiringDays, default 30). */
export const EXPIRING_DAYS = 30;

export type ValidityState = 'valid' | 'expired' | 'not-yet-valid';

export function validityAt(notBefore: string, notAfter: string, now: Date): ValidityState {
  if (now.getTime() < new Date(notBefore).getTime()) return 'not-yet-valid';
  if (now.getTime() > new Date(notAfter).getTime()) return 'expired';
  return 'valid';
}

/** Whole days until notAfter (negative once expired). */
export function daysLeft(notAfter: string, now: Date): number {
  return Math.floor((new Date(notAfter).getTime() - now.getTime()) / DAY_MS);
}

export function statusAt(notBefore: string, notAfter: string, now: Date, expiringDays = EXPIRING_DAYS): CertStatus {
  const state = validityAt(notBefore, notAfter, now);
  if (state !== 'valid') return state;
  return daysLeft(notAfter, now) < expiringDays ? 'expiring' : 'valid';
}

/**
 * A clock earlier than the build date is certainly wrong (a thin client
 * without an RTC battery boots in 1970): then "not yet valid" says nothing
 * about the certificate, and the reason must say so instead (issue 5).
 */
export function clockIsWrong(now: Date, buildDate: Date = BUILD_DATE): boolean {
  return now.getTime() < buildDate.getTime();
}
