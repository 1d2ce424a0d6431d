/**
 * The one table of the contract between the renderer and main. Everything that
 * crosses a process boundary is named here with its request and response schema:
 * the Electron IPC registration, the preload, the web bridge and the TypeScript
 * API of `window.thinCert` are all derived from it. Adding a channel is one
 * entry here plus its handler in the Service.
 */
import * as v from 'valibot';
import {
  CertificateInputSchema,
  CertificateSchema,
  CertificateWithPemSchema,
  CheckResultSchema,
  FingerprintQuerySchema,
  HostSchema,
  ManagementStatusSchema,
  MediaFileSchema,
  PortSchema,
  PurposeSchema,
  StatusSchema,
  AuditRecordSchema,
  SettingsSchema,
  WarningSchema,
} from './schemas';
import { verifyChannels } from './verify-channels';
import { remoteDesktopChannels, remoteDesktopEvents } from './remote-desktop-channels';
import { IdentityEnrollRequestSchema, IdentityViewSchema, ScepUrlSchema } from './identity';

const Empty = v.strictObject({});
const LabelSchema = v.pipe(v.string(), v.maxLength(200));
/** An id main made for what it holds between showing and storing (a preview, a server's chain). */
const HeldIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
/** Pasted text may be added as given; a file only through its preview, so a file changed since is not what is stored. */
const PastedInputSchema = CertificateInputSchema.options[0];

/** F as typed or pasted: 64 hex digits with optional colons or spaces (PROTOCOL.md, Terms). */
const FullFingerprintSchema = v.pipe(
  v.string(),
  v.maxLength(200),
  v.regex(/^[0-9A-Fa-f:\s]+$/, 'a fingerprint is hex digits, colons optional'),
  v.check((text) => text.replace(/[:\s]/g, '').length === 64, 'a fingerprint is the 64 hex digits of the SHA-256'),
);

/** PROTOCOL.md Terms: 1–64 characters of [A-Za-z0-9._-]. */
const DeviceIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9._-]{1,64}$/, 'a device id is 1–64 of A–Z a–z 0–9 . _ -'));

export const channels = {
  status: { request: Empty, response: StatusSchema },
  /**
   * Riskiest first. `offset`/`limit` page through that order, so a list screen
   * asks for its first screenful, paints it, then for the rest; `total` is how
   * many there are in all (issue 14).
   */
  list: {
    request: v.strictObject({
      purpose: v.optional(PurposeSchema),
      offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    }),
    response: v.object({ certificates: v.array(CertificateSchema), total: v.number() }),
  },
  show: {
    request: v.strictObject({ fingerprint: FingerprintQuerySchema }),
    /** `chain`: the stored certificates that issued it, nearest first, as far as the store knows them. */
    response: v.object({ ...CertificateWithPemSchema.entries, chain: v.array(CertificateSchema) }),
  },
  /** Parses what would be added and says what would happen, storing nothing; main holds it under `previewId` for `add`. */
  preview: {
    request: v.strictObject({ purpose: PurposeSchema, input: CertificateInputSchema }),
    response: v.object({
      previewId: v.string(),
      certificates: v.array(CertificateSchema),
      warnings: v.array(WarningSchema),
    }),
  },
  /** Stores exactly what the preview `previewId` showed (or pasted text as given). */
  add: {
    request: v.union([
      v.strictObject({ purpose: PurposeSchema, previewId: HeldIdSchema, label: v.optional(LabelSchema) }),
      v.strictObject({ purpose: PurposeSchema, input: PastedInputSchema, label: v.optional(LabelSchema) }),
    ]),
    response: v.object({ added: v.array(CertificateSchema), alreadyPresent: v.array(v.string()) }),
  },
  remove: {
    request: v.strictObject({ purpose: PurposeSchema, fingerprint: FingerprintQuerySchema }),
    response: v.object({ fingerprint: v.string(), removedFromStore: v.boolean() }),
  },
  exportBundle: {
    request: v.strictObject({ purpose: PurposeSchema }),
    response: v.object({ pem: v.string(), count: v.number() }),
  },
  mediaFiles: {
    request: Empty,
    response: v.object({ files: v.array(MediaFileSchema), searched: v.array(v.string()) }),
  },
  check: {
    request: v.strictObject({
      purpose: PurposeSchema,
      host: HostSchema,
      port: v.optional(PortSchema),
      connectTo: v.optional(HostSchema),
      timeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(120_000))),
    }),
    response: CheckResultSchema,
  },
  /** Add from a server, step 1: the presented chain, nothing stored. */
  fetchChain: {
    request: v.strictObject({
      purpose: PurposeSchema,
      host: HostSchema,
      port: v.optional(PortSchema),
      connectTo: v.optional(HostSchema),
    }),
    response: v.object({
      host: v.string(),
      port: v.number(),
      chain: v.array(CertificateSchema),
      fetchId: v.string(),
      /** For each certificate of the chain, what adding it would mean (the same words as a preview's). */
      warnings: v.array(WarningSchema),
    }),
  },
  /**
   * Add from a server, step 2: stores the certificate of the held chain the
   * operator chose and confirmed by its fingerprint: the leaf is pinned, a CA
   * becomes an anchor.
   */
  confirmFetch: {
    request: v.strictObject({ fetchId: HeldIdSchema, fingerprint: FingerprintQuerySchema, label: v.optional(LabelSchema) }),
    response: v.object({ added: v.array(CertificateSchema), alreadyPresent: v.array(v.string()) }),
  },
  // Management (PROTOCOL.md §1–§4).
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
  ...verifyChannels,
  ...remoteDesktopChannels,
  /** The audit trail for the History screen, newest first (issue 10). */
  auditList: {
    request: v.strictObject({ limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000))) }),
    response: v.object({ records: v.array(AuditRecordSchema), total: v.number() }),
  },
  /** Delivers the audit backlog to the log server now. */
  sendAudit: { request: Empty, response: v.object({ sent: v.number(), server: v.string(), waiting: v.number() }) },
  settings: { request: Empty, response: SettingsSchema },
  /** Issue 17: this device's own certificate. */
  identityShow: { request: Empty, response: IdentityViewSchema },
  /** The SCEP CA's certificate (GetCACert), for the operator to confirm its fingerprint; nothing stored. */
  identityCaPreview: { request: v.strictObject({ scepUrl: ScepUrlSchema }), response: CertificateSchema },
  /** Enrolls over SCEP; answers when the CA issued, refused or left the request pending (state `pending`). */
  identityEnroll: { request: IdentityEnrollRequestSchema, response: IdentityViewSchema },
  /** Renews now with a new key (RenewalReq signed by the current one); the current identity stays in use until then. */
  identityRenew: {
    /** Only for a CA that checks the challenge on renewal too (Debian's scepserver 2.1 does); never stored. */
    request: v.strictObject({ challenge: v.optional(v.pipe(v.string(), v.maxLength(1024))) }),
    response: IdentityViewSchema,
  },
  /** A PKCS#12 file from removable media (a path of `mediaFiles`) and its password, typed on the kiosk. */
  identityImport: {
    request: v.strictObject({ path: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)), password: v.pipe(v.string(), v.maxLength(1024)) }),
    response: IdentityViewSchema,
  },
  identityRemove: { request: Empty, response: IdentityViewSchema },
  /** A device setting typed by a person (validated in main with the CLI's rules); refused where the policy sets it. */
  setSetting: {
    request: v.strictObject({ key: v.picklist(['logServer', 'expiringDays']), value: v.pipe(v.string(), v.maxLength(300)) }),
    response: SettingsSchema,
  },
} as const;

/** main → renderer notifications; the renderer re-reads what it shows. */
export const events = {
  storeChanged: v.object({ at: v.string() }),
  managementChanged: v.object({ at: v.string() }),
  /** Issue 17: the identity's state changed (enrolled, pending, renewed, imported, removed, failed). */
  identityChanged: v.object({ at: v.string() }),
  ...remoteDesktopEvents,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type EventName = keyof typeof events;
export type RequestOf<C extends ChannelName> = v.InferInput<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = v.InferOutput<Channels[C]['response']>;
export type EventPayload<E extends EventName> = v.InferOutput<(typeof events)[E]>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** Every IPC channel carries this prefix; the preload refuses anything else (STYLE.md, VS Code). */
export const IPC_PREFIX = 'thincert:';

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}
