/**
 * ARCHITECTURE.md trust rule 1 for the management certificate: a pin counts only
 * while now is within its validity. Out of date, it is refused at enrollment and
 * starts the replacement flow at sync (rule 5) — unless the device clock is
 * before the build date, when the dates say nothing about the certificate.
 */
import { X509Certificate } from 'node:crypto';
import { BUILD_DATE } from '../build-info';
import { ThinCertError } from '../errors';
import { clockIsWrong, validityAt } from '../trust/validity';

export interface LeafDates {
  state: 'valid' | 'expired' | 'not-yet-valid';
  notBefore: string;
  notAfter: string;
}

export function leafDates(der: Buffer, now: Date): LeafDates {
  const x509 = new X509Certificate(der);
  const notBefore = new Date(x509.validFrom).toISOString();
  const notAfter = new Date(x509.validTo).toISOString();
  return { state: validityAt(notBefore, notAfter, now), notBefore, notAfter };
}

const day = (iso: string) => iso.slice(0, 10);

export const clockWrong = (now: Date) =>
  new ThinCertError(
    'clock-wrong',
    `The device clock is wrong: it shows ${day(now.toISOString())}, earlier than this software was built (${day(BUILD_DATE.toISOString())}). Set the date and time, then try again.`,
    { now: day(now.toISOString()), buildDate: day(BUILD_DATE.toISOString()) },
  );

/** Enrollment (§1): the operator confirmed a certificate that is not valid now. */
export const certificateOutOfDate = (dates: LeafDates) =>
  dates.state === 'expired'
    ? new ThinCertError(
        'management-certificate-expired',
        `The management server's certificate expired on ${day(dates.notAfter)} (valid ${day(dates.notBefore)} to ${day(dates.notAfter)}). Nothing was stored; the administrator must give the server a new certificate.`,
        { notBefore: day(dates.notBefore), notAfter: day(dates.notAfter) },
      )
    : new ThinCertError(
        'management-certificate-not-yet-valid',
        `The management server's certificate is not valid before ${day(dates.notBefore)} (valid ${day(dates.notBefore)} to ${day(dates.notAfter)}). Nothing was stored.`,
        { notBefore: day(dates.notBefore), notAfter: day(dates.notAfter) },
      );

/** Null while `der` is valid now; else the refusal: `clock-wrong` when the clock cannot be believed. */
export function outOfDateRefusal(der: Buffer, now: Date): ThinCertError | null {
  const dates = leafDates(der, now);
  if (dates.state === 'valid') return null;
  return clockIsWrong(now) ? clockWrong(now) : certificateOutOfDate(dates);
}
