import type { ManagementStatus } from '../../../app/schemas';

/** The management block of `status` before any enrollment (CLI.md). */
export const NOT_ENROLLED: ManagementStatus = {
  state: 'not-enrolled',
  server: null,
  deviceId: null,
  pinnedFingerprint: null,
  nextFingerprint: null,
  pendingFingerprint: null,
  confirmationCode: null,
  adminContact: null,
  failedAttempts: 0,
  lockedUntil: null,
  lastSync: null,
  policyRevision: null,
  policyError: null,
};
