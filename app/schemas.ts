/**
 * Domain types shared by main, the renderer and the CLI, as valibot schemas.
 * Types are inferred from the schemas so a field exists in exactly one place.
 * valibot rather than zod: the same declarative API with a modular, tree-shaken
 * build, which keeps the renderer bundle inside its gzip budget (issue 8).
 */
import * as v from 'valibot';
import { PURPOSES } from './purposes';
import { HOST_RULE, isHostName } from './host-name';

export const PurposeSchema = v.picklist(PURPOSES);

/** SHA-256 as typed by a person: ≥ 8 hex digits, colons and spaces optional. */
export const FingerprintQuerySchema = v.pipe(
  v.string(),
  v.maxLength(200),
  v.regex(/^[0-9A-Fa-f:\s]+$/, 'a fingerprint is hex digits, colons optional'),
);

export const SourceSchema = v.picklist(['manual', 'policy', 'enrollment', 'replacement']);
export const CertStatusSchema = v.picklist(['valid', 'expiring', 'expired', 'not-yet-valid']);
export const KeyTypeSchema = v.picklist(['rsa', 'ec', 'ed25519', 'ed448']);

/** What parsing a certificate yields; independent of the store and of the clock. */
export const CertificateDetailsSchema = v.object({
  fingerprint: v.string(),
  sha1: v.string(),
  subject: v.string(),
  issuer: v.string(),
  serial: v.string(),
  notBefore: v.string(),
  notAfter: v.string(),
  isCA: v.boolean(),
  selfSigned: v.boolean(),
  keyType: KeyTypeSchema,
  keyBits: v.number(),
  curve: v.nullable(v.string()),
  signatureAlgorithm: v.string(),
  subjectAltNames: v.array(v.string()),
  keyUsage: v.array(v.string()),
  extKeyUsage: v.array(v.string()),
});

/** A certificate as CLI.md shows it: details + where it is kept + its status now. */
export const CertificateSchema = v.object({
  ...CertificateDetailsSchema.entries,
  purposes: v.array(PurposeSchema),
  source: v.nullable(SourceSchema),
  label: v.nullable(v.string()),
  addedAt: v.nullable(v.string()),
  status: CertStatusSchema,
  daysLeft: v.number(),
  /** Issue 16 §3: a stored authority trusted only for these DNS suffixes and IP ranges; null: no limit. */
  onlyFor: v.optional(v.nullable(v.array(v.string()))),
});

export const CertificateWithPemSchema = v.object({ ...CertificateSchema.entries, pem: v.string() });

export const ReasonSchema = v.object({
  code: v.string(),
  message: v.string(),
  params: v.optional(v.record(v.string(), v.union([v.string(), v.number()]))),
});

/** What main says about a certificate before it is added (preview, a server's chain); `params` carry the facts its words need. */
export const WARNING_CODES = ['expired', 'not-yet-valid', 'expiring', 'anchor', 'pinned', 'already-present'] as const;
export const WarningSchema = v.object({
  fingerprint: v.string(),
  code: v.picklist(WARNING_CODES),
  message: v.string(),
  params: v.optional(v.record(v.string(), v.union([v.string(), v.number()]))),
});

export const CheckResultSchema = v.object({
  purpose: PurposeSchema,
  host: v.string(),
  port: v.number(),
  trusted: v.boolean(),
  by: v.nullable(v.picklist(['pinned-leaf', 'anchor'])),
  reasons: v.array(ReasonSchema),
  /** Issue 16: reasons that did not stop trust (revocation status unknown in soft mode); added, so older readers ignore it. */
  warnings: v.optional(v.array(ReasonSchema)),
  chain: v.array(CertificateSchema),
  protocol: v.nullable(v.string()),
  durationMs: v.number(),
});

export const ManagementStateSchema = v.picklist([
  'not-enrolled',
  'ok',
  'replacement-required',
  'unreachable',
  'no-device-key',
]);

export const AdminContactSchema = v.object({
  name: v.string(),
  phone: v.string(),
  email: v.string(),
});

/** A server as main keeps it: the renderer shows it without parsing a `host:port` string back. */
export const ServerAddressSchema = v.object({ host: v.string(), port: v.number() });

export const ManagementStatusSchema = v.object({
  state: ManagementStateSchema,
  server: v.nullable(ServerAddressSchema),
  deviceId: v.nullable(v.string()),
  pinnedFingerprint: v.nullable(v.string()),
  nextFingerprint: v.nullable(v.string()),
  pendingFingerprint: v.nullable(v.string()),
  /** The certificate the replacement is about, from the device's own record: shown even offline (issue 7). */
  pendingCertificate: v.nullable(CertificateSchema),
  confirmationCode: v.nullable(v.string()),
  adminContact: v.nullable(AdminContactSchema),
  failedAttempts: v.number(),
  lockedUntil: v.nullable(v.string()),
  lastSync: v.nullable(v.string()),
  policyRevision: v.nullable(v.number()),
  policyError: v.nullable(v.string()),
});

export const CountsSchema = v.object({
  ksc: v.number(),
  rdp: v.number(),
  broker: v.number(),
  logServer: v.number(),
});

/** Where the audit trail goes and how far it got (issue 10). */
export const LogDeliverySchema = v.object({
  server: v.nullable(v.string()),
  state: v.picklist(['none', 'ok', 'waiting', 'untrusted', 'unreachable']),
  waiting: v.number(),
  lastAttempt: v.nullable(v.string()),
  lastError: v.nullable(v.string()),
});

export const StatusSchema = v.object({
  dataDir: v.string(),
  mode: v.picklist(['unmanaged', 'managed']),
  counts: CountsSchema,
  expiring: v.array(CertificateSchema),
  management: ManagementStatusSchema,
  logDelivery: LogDeliverySchema,
  /**
   * Issue 17: this device's own certificate, for the problem lists (home
   * screen, `status`): null without one. `state` is IdentityView's
   * (app/identity.ts, which imports this file, hence the list written here);
   * `expired` is a problem. Optional so older readers and fakes stay valid.
   */
  identity: v.optional(
    v.nullable(v.object({ state: v.picklist(['none', 'enrolling', 'pending', 'valid', 'renewing', 'expired']), notAfter: v.nullable(v.string()) })),
  ),
});

export const MediaFileSchema = v.object({
  path: v.string(),
  name: v.string(),
  size: v.number(),
  modifiedAt: v.string(),
});

/** Where a certificate to add comes from; the renderer never reads files itself. */
export const CertificateInputSchema = v.variant('kind', [
  v.object({ kind: v.literal('pem'), text: v.pipe(v.string(), v.maxLength(2 * 1024 * 1024)) }),
  v.object({ kind: v.literal('media'), path: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)) }),
]);

/** A host or connect-to address (app/host-name.ts, the CLI's rules): nothing else reaches a socket or a header. */
export const HostSchema = v.pipe(v.string(), v.maxLength(255), v.check(isHostName, HOST_RULE));
export const PortSchema = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535));

/** One audit record as the History screen shows it (main/core/audit/record.ts). */
export const AuditRecordSchema = v.object({
  seq: v.number(),
  time: v.string(),
  event: v.string(),
  actor: v.string(),
  details: v.record(v.string(), v.union([v.string(), v.number(), v.boolean(), v.null(), v.array(v.string())])),
});

/** Issue 16 §3: both (pins and authorities), pins-only or anchors-only. */
export const TrustLevelSchema = v.picklist(['both', 'pins-only', 'anchors-only']);

export const SettingsSchema = v.object({
  logServer: v.nullable(v.string()),
  expiringDays: v.number(),
  mediaDirs: v.array(v.string()),
  /** Keys the policy sets now (managed mode): shown read-only. */
  managedKeys: v.array(v.string()),
  /** Issue 16 §3: what may make a server trusted, per purpose, and the purposes whose level the policy sets. */
  trustLevels: v.optional(v.record(PurposeSchema, TrustLevelSchema)),
  trustLevelsByPolicy: v.optional(v.array(PurposeSchema)),
});

export type AuditRecordView = v.InferOutput<typeof AuditRecordSchema>;
export type SettingsView = v.InferOutput<typeof SettingsSchema>;
export type CertificateDetails = v.InferOutput<typeof CertificateDetailsSchema>;
export type Certificate = v.InferOutput<typeof CertificateSchema>;
export type CertificateWithPem = v.InferOutput<typeof CertificateWithPemSchema>;
export type CertSource = v.InferOutput<typeof SourceSchema>;
export type CertStatus = v.InferOutput<typeof CertStatusSchema>;
export type KeyType = v.InferOutput<typeof KeyTypeSchema>;
export type Reason = v.InferOutput<typeof ReasonSchema>;
export type Warning = v.InferOutput<typeof WarningSchema>;
export type WarningCode = Warning['code'];
export type CheckResult = v.InferOutput<typeof CheckResultSchema>;
export type ManagementState = v.InferOutput<typeof ManagementStateSchema>;
export type ManagementStatus = v.InferOutput<typeof ManagementStatusSchema>;
export type ServerAddress = v.InferOutput<typeof ServerAddressSchema>;
export type AdminContact = v.InferOutput<typeof AdminContactSchema>;
export type Status = v.InferOutput<typeof StatusSchema>;
export type LogDelivery = v.InferOutput<typeof LogDeliverySchema>;
export type MediaFile = v.InferOutput<typeof MediaFileSchema>;
export type CertificateInput = v.InferOutput<typeof CertificateInputSchema>;
