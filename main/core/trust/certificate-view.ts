/** A presented certificate as CheckResult.chain shows it (CLI.md: Certificate, not stored). */
import type { Certificate, CertificateDetails } from '../../../app/schemas';
import { daysLeft, statusAt } from './validity';

export function presentedCertificate(details: CertificateDetails, now: Date): Certificate {
  return {
    ...details,
    purposes: [],
    source: null,
    label: null,
    addedAt: null,
    status: statusAt(details.notBefore, details.notAfter, now),
    daysLeft: daysLeft(details.notAfter, now),
  };
}
