/**
 * What changed in trust between two snapshots, as audit records (issue 10).
 * Management operations (sync, enroll, replace) change the pin, the policy and
 * the policy's certificates in several modules; comparing before and after
 * records every change once, whichever module made it.
 */
import type { ManagementStatus } from '../../../app/schemas';
import { serverAddressText } from '../../../app/server-address';
import type { Purpose } from '../../../app/purposes';
import type { StoreState } from '../store/types';
import type { AuditDetails, AuditEvent } from './record';

export interface PendingRecord {
  event: AuditEvent;
  details: AuditDetails;
}

export interface TrustSnapshot {
  management: ManagementStatus;
  managed: boolean;
  certificates: Map<string, { purposes: Purpose[]; subject: string; source: string }>;
  /** When the enrollment in force was made: enrolling again with the same device id changes only this. */
  enrolledAt?: string | null;
}

export function snapshotCertificates(state: StoreState): TrustSnapshot['certificates'] {
  const map: TrustSnapshot['certificates'] = new Map();
  for (const cert of Object.values(state.certificates)) {
    map.set(cert.fingerprint, { purposes: [...cert.purposes], subject: cert.details.subject, source: cert.source });
  }
  return map;
}

export function certificateRecords(before: TrustSnapshot['certificates'], after: TrustSnapshot['certificates']): PendingRecord[] {
  const records: PendingRecord[] = [];
  for (const [fingerprint, now] of after) {
    const was = before.get(fingerprint);
    for (const purpose of now.purposes) {
      if (!was?.purposes.includes(purpose)) {
        records.push({ event: 'certificate-added', details: { purpose, fingerprint, subject: now.subject, source: now.source } });
      }
    }
  }
  for (const [fingerprint, was] of before) {
    const now = after.get(fingerprint);
    for (const purpose of was.purposes) {
      if (!now?.purposes.includes(purpose)) {
        records.push({ event: 'certificate-removed', details: { purpose, fingerprint, subject: was.subject, source: was.source } });
      }
    }
  }
  return records;
}

/** A change of the store and of management (sync, enroll, replace): what changed of both. */
export function trustRecords(before: TrustSnapshot, after: TrustSnapshot): PendingRecord[] {
  return [...certificateRecords(before.certificates, after.certificates), ...managementRecords(before, after)];
}

/** Whether management state (what the management screens show) differs between two snapshots. */
export function managementChanged(before: TrustSnapshot, after: TrustSnapshot): boolean {
  return before.managed !== after.managed || before.enrolledAt !== after.enrolledAt || JSON.stringify(before.management) !== JSON.stringify(after.management);
}

function managementRecords(before: TrustSnapshot, after: TrustSnapshot): PendingRecord[] {
  const a = before.management;
  const b = after.management;
  const records: PendingRecord[] = [];
  const enrolled = (a.deviceId !== b.deviceId || before.enrolledAt !== after.enrolledAt) && b.deviceId !== null && b.state !== 'not-enrolled';
  if (enrolled) {
    // Enrolling again (a move to another server, a lost key) names what it replaced.
    const previous: AuditDetails = a.server === null ? {} : { previousServer: serverAddressText(a.server), previousDeviceId: a.deviceId, previousFingerprint: a.pinnedFingerprint };
    records.push({ event: 'enrolled', details: { server: b.server && serverAddressText(b.server), deviceId: b.deviceId, fingerprint: b.pinnedFingerprint, ...previous } });
  }
  if (b.policyRevision !== null && b.policyRevision !== a.policyRevision) {
    records.push({ event: 'policy-applied', details: { revision: b.policyRevision } });
  }
  if (b.policyError !== null && b.policyError !== a.policyError) {
    records.push({ event: 'policy-refused', details: { reason: b.policyError, revisionInForce: b.policyRevision } });
  }
  if (before.managed !== after.managed) {
    records.push({ event: after.managed ? 'managed-mode-on' : 'managed-mode-off', details: { admin: b.adminContact?.name ?? null } });
  }
  if (b.state === 'replacement-required' && b.pendingFingerprint !== null && b.pendingFingerprint !== a.pendingFingerprint) {
    records.push({ event: 'replacement-required', details: { server: b.server && serverAddressText(b.server), pinned: a.pinnedFingerprint, presented: b.pendingFingerprint } });
  }
  if (!enrolled && a.pinnedFingerprint !== null && b.pinnedFingerprint !== null && a.pinnedFingerprint !== b.pinnedFingerprint) {
    const viaCode = a.pendingFingerprint === b.pinnedFingerprint;
    records.push({
      event: viaCode ? 'replacement-confirmed' : 'rotation-taken',
      details: { server: b.server && serverAddressText(b.server), previous: a.pinnedFingerprint, fingerprint: b.pinnedFingerprint },
    });
  }
  if (b.failedAttempts > a.failedAttempts) {
    records.push({ event: 'replacement-wrong-code', details: { failedAttempts: b.failedAttempts } });
  }
  if (b.lockedUntil !== null && b.lockedUntil !== a.lockedUntil) {
    records.push({ event: 'replacement-locked-out', details: { until: b.lockedUntil, failedAttempts: b.failedAttempts } });
  }
  return records;
}
