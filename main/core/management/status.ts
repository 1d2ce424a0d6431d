/** The `management` object of CLI.md `status`, computed from the state on disk and one clock. */
import type { AdminContact, Certificate, ManagementState, ManagementStatus } from '../../../app/schemas';
import { detailsOf } from '../x509/details';
import { viewOfDetails } from '../certificates/view';
import { isThinCertError } from '../errors';
import type { Purpose } from '../../../app/purposes';
import { confirmationCode, formatCode } from './codes';
import { lockedUntil } from './lockout';
import { leafDates } from './leaf-dates';
import { derOfSinglePem, parseFingerprint } from './protocol-certificate';
import { POLICY_PURPOSES } from './policy';
import type { ManagementRecord } from './state';

export function isEnrolled(record: ManagementRecord): boolean {
  return record.deviceId !== null && record.pinned !== null && record.server !== null;
}

export function stateOf(record: ManagementRecord, deviceKey: Buffer | null): ManagementState {
  if (!isEnrolled(record)) return 'not-enrolled';
  if (deviceKey === null) return 'no-device-key';
  if (record.pending !== null) return 'replacement-required';
  if (record.lastFailure !== null) return 'unreachable';
  return 'ok';
}

/**
 * §4.2 code for the pending certificate, shown as 1234-5678; null without a
 * pending one or without K, and while the pending certificate is not valid now:
 * it can never be pinned (rule 1), so the administrator must first give the
 * server a new certificate, and a code would only lead to a refusal.
 */
export function pendingConfirmationCode(record: ManagementRecord, deviceKey: Buffer | null, now: Date): string | null {
  if (record.pending === null || deviceKey === null) return null;
  const digest = parseFingerprint(record.pending.fingerprint);
  const der = derOfSinglePem(record.pending.pem);
  if (digest === null || der === null || !validNow(der, now)) return null;
  return formatCode(confirmationCode(deviceKey, digest));
}

function validNow(der: Buffer, now: Date): boolean {
  try {
    return leafDates(der, now).state === 'valid';
  } catch {
    // A pending certificate that cannot be parsed cannot be pinned either.
    return false;
  }
}

function pendingCertificateOf(record: ManagementRecord, now: Date): Certificate | null {
  const der = record.pending ? derOfSinglePem(record.pending.pem) : null;
  if (der === null) return null;
  try {
    return viewOfDetails(detailsOf(der), now);
  } catch (error) {
    // The server's certificate was stored as presented; one ThinCert cannot describe still has its fingerprint and codes.
    if (isThinCertError(error)) return null;
    throw error;
  }
}

export function statusOf(record: ManagementRecord, deviceKey: Buffer | null, now: Date): ManagementStatus {
  return {
    state: stateOf(record, deviceKey),
    server: record.server === null ? null : { host: record.server.host, port: record.server.port },
    deviceId: record.deviceId,
    pinnedFingerprint: record.pinned?.fingerprint ?? null,
    nextFingerprint: record.next?.fingerprint ?? null,
    pendingFingerprint: record.pending?.fingerprint ?? null,
    pendingCertificate: pendingCertificateOf(record, now),
    confirmationCode: pendingConfirmationCode(record, deviceKey, now),
    adminContact: record.policy?.adminContact ?? null,
    failedAttempts: record.failedAttempts,
    lockedUntil: lockedUntil(record, now)?.toISOString() ?? null,
    lastSync: record.lastSync,
    policyRevision: record.policy?.revision ?? null,
    policyError: record.policyError,
  };
}

/** What other capabilities need to know about managed mode (§3, ARCHITECTURE.md rule 4). */
export interface ManagedMode {
  managed: boolean;
  adminContact: AdminContact | null;
  /** §3 logServer: in managed mode it replaces any address set on the device; null: none. */
  logServer: string | null;
  policyRevision: number | null;
}

export function managedModeOf(record: ManagementRecord): ManagedMode {
  const policy = record.policy;
  return {
    managed: policy?.managed ?? false,
    adminContact: policy?.adminContact ?? null,
    logServer: policy?.logServer ?? null,
    policyRevision: policy?.revision ?? null,
  };
}

/**
 * The shape the certificates capability asks for (`ManagedBy`): who manages
 * this purpose now, or null. Only rdp, broker and logServer are ever managed;
 * `ksc` is always the pin (ARCHITECTURE.md rule 4).
 */
export function managedByOf(mode: ManagedMode): (purpose: Purpose) => string | null {
  const policyPurposes: readonly Purpose[] = POLICY_PURPOSES;
  return (purpose) => {
    if (!mode.managed || !policyPurposes.includes(purpose)) return null;
    return mode.adminContact?.name ?? 'the management server';
  };
}
