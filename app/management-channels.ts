/**
 * Channel entries of the management capability (PROTOCOL.md §1–§4), in the
 * shape of `channels` in app/channels.ts, for the lead to spread into the one
 * table. Kept apart so the management contract can grow without touching the
 * shared table's file.
 */
import * as v from 'valibot';
import { CertificateSchema, HostSchema, ManagementStatusSchema, PortSchema } from './schemas';

const Empty = v.strictObject({});

/** F as typed or pasted: 64 hex digits with optional colons or spaces (PROTOCOL.md, Terms). */
const FullFingerprintSchema = v.pipe(
  v.string(),
  v.maxLength(200),
  v.regex(/^[0-9A-Fa-f:\s]+$/, 'a fingerprint is hex digits, colons optional'),
  v.check((text) => text.replace(/[:\s]/g, '').length === 64, 'a fingerprint is the 64 hex digits of the SHA-256'),
);

/** PROTOCOL.md Terms: 1–64 characters of [A-Za-z0-9._-]. */
const DeviceIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9._-]{1,64}$/, 'a device id is 1–64 of A–Z a–z 0–9 . _ -'));

export const managementChannels = {
  /** §1.2: the certificate the server presents, for the operator to confirm; nothing stored. */
  managementPreview: {
    request: v.strictObject({ host: HostSchema, port: v.optional(PortSchema), connectTo: v.optional(HostSchema) }),
    response: CertificateSchema,
  },
  /** §1.3: enrolls, pinning the leaf whose F the operator confirmed. */
  enroll: {
    request: v.strictObject({
      host: HostSchema,
      port: v.optional(PortSchema),
      connectTo: v.optional(HostSchema),
      fingerprint: FullFingerprintSchema,
      deviceId: v.optional(DeviceIdSchema),
    }),
    response: ManagementStatusSchema,
  },
  /** §2–§4.1: fetches and applies the policy. */
  sync: { request: Empty, response: ManagementStatusSchema },
  /**
   * §4.5: the replacement code as typed. Only a length cap here: the code's own
   * rules (8 digits, spaces and dashes ignored) live in main, which answers
   * `code-malformed` without counting an attempt.
   */
  replace: {
    request: v.strictObject({ code: v.pipe(v.string(), v.maxLength(64)) }),
    response: ManagementStatusSchema,
  },
  managementStatus: { request: Empty, response: ManagementStatusSchema },
} as const;

export type ManagementChannels = typeof managementChannels;
