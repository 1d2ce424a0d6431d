/**
 * What the CLI says about the confirmation code while a certificate
 * replacement is pending (PROTOCOL.md §4.2). Status has no code when the
 * device key is missing or the pending certificate is out of date (it could
 * never be pinned, rule 1): a bare "?" would leave the person with nothing to
 * do, so the reason and the next step are said instead.
 */
import type { ManagementStatus } from '../../app/schemas';
import { terminalField } from './terminal-text';

/** null when nothing is pending; otherwise the code, or why there is none and what to do. */
export function confirmationCodeLine(status: ManagementStatus): string | null {
  if (status.pendingFingerprint === null) return null;
  if (status.confirmationCode !== null) return `Tell the administrator this confirmation code: ${status.confirmationCode}`;
  if (status.state === 'no-device-key') {
    return "No confirmation code: this device's key is missing, so no code can be computed. Enroll the device again with the administrator (thincert enroll HOST).";
  }
  const pending = status.pendingCertificate;
  if (pending?.status === 'expired') {
    return `No confirmation code: the server's new certificate expired on ${terminalField(pending.notAfter.slice(0, 10))}. Ask the administrator to give the management server a current certificate, then sync again.`;
  }
  if (pending?.status === 'not-yet-valid') {
    return `No confirmation code: the server's new certificate is not valid before ${terminalField(pending.notBefore.slice(0, 10))}. Check this device's date and time, or ask the administrator to give the management server a current certificate.`;
  }
  return "No confirmation code: the server's new certificate cannot be used. Ask the administrator to give the management server a current certificate, then sync again.";
}
