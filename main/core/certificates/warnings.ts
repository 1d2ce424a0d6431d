/**
 * What the operator should know before adding a certificate (issue 14: main
 * knows, the renderer shows): the same warnings for a previewed file or paste
 * and for a server's chain, with the facts each one's words need as params.
 */
import type { Purpose } from '../../../app/purposes';
import type { CertificateDetails, Warning, WarningCode } from '../../../app/schemas';
import type { StoreState } from '../store/types';
import { statusOf } from './view';

export function addWarnings(purpose: Purpose, certificates: readonly CertificateDetails[], state: StoreState, now: Date, expiringDays: number): Warning[] {
  const warnings: Warning[] = [];
  for (const details of certificates) {
    const add = (code: WarningCode, message: string, params?: Warning['params']) =>
      warnings.push({ fingerprint: details.fingerprint, code, message, ...(params ? { params } : {}) });
    const { status, daysLeft } = statusOf(details, now, expiringDays);
    if (status === 'expired') add('expired', `Expired on ${details.notAfter.slice(0, 10)}: it will not be trusted.`, { date: details.notAfter });
    else if (status === 'not-yet-valid') add('not-yet-valid', `Not valid before ${details.notBefore.slice(0, 10)}.`, { date: details.notBefore });
    else if (status === 'expiring') add('expiring', `Expires in ${daysLeft} days.`, { days: daysLeft });
    if (details.isCA) add('anchor', 'A CA certificate: servers whose certificates it issued will be trusted by domain name.');
    else add('pinned', 'A server certificate (leaf): it will be pinned, trusted for exactly this server.');
    if (state.certificates[details.fingerprint]?.purposes.includes(purpose)) add('already-present', 'Already stored for this purpose.');
  }
  return warnings;
}
