/**
 * Channel entries of the remote desktops (issue 15), in the shape of
 * `channels` in app/channels.ts, spread into the one table there. Kept apart
 * so this contract can grow without touching the shared table's file.
 */
import * as v from 'valibot';
import { AdminContactSchema, CertificateSchema, FingerprintQuerySchema, HostSchema, PortSchema, ReasonSchema } from './schemas';

const Empty = v.strictObject({});

/** What a person calls the server on the home screen; no control characters (they reach the audit trail). */
export const DesktopNameSchema = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'a name is needed'),
  v.maxLength(80, 'a name is at most 80 characters'),
  // eslint-disable-next-line no-control-regex
  v.regex(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/, 'a name has no control characters'),
);

/** An id main made for a stored desktop, or `policy-N` for one the policy delivers. */
const DesktopIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
/** The id main holds a presented certificate under between showing it and trusting it (certificates/held.ts). */
const ConnectIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(100));

export const RemoteDesktopSchema = v.object({
  id: v.string(),
  name: v.string(),
  host: v.string(),
  port: v.number(),
});

export const RemoteDesktopListSchema = v.object({
  desktops: v.array(RemoteDesktopSchema),
  /** Managed: the policy delivers the list and the operator cannot change it. */
  managed: v.boolean(),
  adminContact: v.nullable(AdminContactSchema),
});

const DesktopFields = { name: DesktopNameSchema, host: HostSchema, port: PortSchema };

/** The policy's `remoteDesktops` (docs/policy.md): validated like the operator's entries, and bounded. */
export const PolicyDesktopsSchema = v.pipe(v.array(v.object(DesktopFields)), v.maxLength(200, 'holds more than 200 remote desktops'));

/** Which facts of the presented certificate differ from the pinned one. */
export const CERTIFICATE_CHANGES = ['subject', 'issuer', 'notBefore', 'notAfter', 'key', 'subjectAltNames', 'serial'] as const;

/** What Connect answers: a session started, or why not and what the operator may do about it. */
export const ConnectAnswerSchema = v.variant('kind', [
  /** FreeRDP runs, detached from this answer; `rdpSessionEnded` names `sessionId` when it ends. */
  v.object({ kind: v.literal('started'), sessionId: v.string(), host: v.string(), port: v.number(), fingerprint: v.string() }),
  /** Nothing stored matches this server (unmanaged only): the operator may trust it. */
  v.object({ kind: v.literal('first-connection'), host: v.string(), port: v.number(), certificate: CertificateSchema, connectId: v.string() }),
  /** A pin for this server exists and another certificate is presented. */
  v.object({
    kind: v.literal('changed-certificate'),
    host: v.string(),
    port: v.number(),
    previous: CertificateSchema,
    presented: CertificateSchema,
    changes: v.array(v.picklist(CERTIFICATE_CHANGES)),
    /** When the pinned certificate expired, if it has. */
    previousExpired: v.nullable(v.string()),
    connectId: v.string(),
  }),
  /** Managed device: only the policy decides; no accept. */
  v.object({ kind: v.literal('managed-refusal'), host: v.string(), port: v.number(), reasons: v.array(ReasonSchema), adminContact: v.nullable(AdminContactSchema) }),
  /** Not trusted for a reason trusting the leaf would not cure (expired, weak, no TLS …). */
  v.object({ kind: v.literal('untrusted'), host: v.string(), port: v.number(), reasons: v.array(ReasonSchema) }),
  v.object({ kind: v.literal('unreachable'), host: v.string(), port: v.number(), reasons: v.array(ReasonSchema) }),
]);

export const remoteDesktopChannels = {
  remoteDesktops: { request: Empty, response: RemoteDesktopListSchema },
  addRemoteDesktop: { request: v.strictObject(DesktopFields), response: RemoteDesktopListSchema },
  editRemoteDesktop: { request: v.strictObject({ id: DesktopIdSchema, ...DesktopFields }), response: RemoteDesktopListSchema },
  removeRemoteDesktop: { request: v.strictObject({ id: DesktopIdSchema }), response: RemoteDesktopListSchema },
  /** Judges the server as `check` does and starts FreeRDP only when ThinCert trusts it. */
  connectRdp: { request: v.strictObject({ host: HostSchema, port: PortSchema }), response: ConnectAnswerSchema },
  /** Pins the held certificate confirmed by its fingerprint (replacing this server's old pin), then connects. */
  trustAndConnect: { request: v.strictObject({ connectId: ConnectIdSchema, fingerprint: FingerprintQuerySchema }), response: ConnectAnswerSchema },
  /** Cancel or Reject: the held certificate is dropped; nothing is saved, no session starts. */
  cancelConnect: { request: v.strictObject({ connectId: ConnectIdSchema }), response: v.object({}) },
} as const;

export const remoteDesktopEvents = {
  /** A session the kiosk started ended; `normal` when the person or the server ended it. */
  rdpSessionEnded: v.object({ sessionId: v.string(), host: v.string(), port: v.number(), normal: v.boolean(), words: v.string() }),
} as const;

export type RemoteDesktop = v.InferOutput<typeof RemoteDesktopSchema>;
export type RemoteDesktopList = v.InferOutput<typeof RemoteDesktopListSchema>;
export type ConnectAnswer = v.InferOutput<typeof ConnectAnswerSchema>;
export type CertificateChange = (typeof CERTIFICATE_CHANGES)[number];
