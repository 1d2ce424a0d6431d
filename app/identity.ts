/**
 * This device's own certificate (issue 17): what the identity screen, `identity
 * show --json` and the channels carry. Key material never appears here.
 */
import * as v from 'valibot';
import { ErrorParamsSchema } from './errors';
import { FingerprintQuerySchema } from './schemas';

/**
 * none: no identity; enrolling: a PKCSReq is under way; pending: the CA said
 * PENDING and ThinCert polls; valid: in use; renewing: a RenewalReq is under
 * way (the current identity stays in use); expired: past notAfter, not renewed.
 */
export const IDENTITY_STATES = ['none', 'enrolling', 'pending', 'valid', 'renewing', 'expired'] as const;
export const IdentityStateSchema = v.picklist(IDENTITY_STATES);

export const IdentityCertificateSchema = v.object({
  subject: v.string(),
  issuer: v.string(),
  serial: v.string(),
  notBefore: v.string(),
  notAfter: v.string(),
  fingerprint: v.string(),
});

export const IdentityViewSchema = v.object({
  state: IdentityStateSchema,
  certificate: v.nullable(IdentityCertificateSchema),
  /** When renewal starts (ISO 8601); null without an identity or without SCEP (an imported PKCS#12 is not renewed). */
  renewAt: v.nullable(v.string()),
  /** Whole days until notAfter; null without an identity. */
  daysLeft: v.nullable(v.number()),
  /** How the identity came: SCEP enrollment or a PKCS#12 import. */
  source: v.nullable(v.picklist(['scep', 'pkcs12'])),
  /** The SCEP server enrolled with (renewal goes there). */
  scepUrl: v.nullable(v.string()),
  /**
   * The last failure of enrollment or renewal: its code, English words and params, so the screen can say it in
   * the operator's language (never key material, the challenge or a password: params hold no more than the words).
   */
  lastError: v.nullable(v.object({ code: v.string(), message: v.string(), params: v.optional(ErrorParamsSchema), at: v.string() })),
  /** Set by the management policy: the operator cannot enroll elsewhere or remove it. */
  managedBy: v.nullable(v.string()),
});

/** An http(s) URL of a SCEP service, e.g. http://ca.example/scep. */
export const ScepUrlSchema = v.pipe(v.string(), v.maxLength(2048), v.regex(/^https?:\/\/[^\s]+$/i, 'a SCEP URL is http:// or https://'));

/** `DNS:name` or `IP:address`, as openssl and CLI.md write subjectAltName entries. */
export const SanSchema = v.pipe(v.string(), v.maxLength(300), v.regex(/^(DNS|IP):\S+$/, 'a SAN is DNS:name or IP:address'));

export const IdentityEnrollRequestSchema = v.strictObject({
  scepUrl: ScepUrlSchema,
  /** Typed or from a file; sent once in the PKCSReq, never stored, logged or audited. */
  challenge: v.pipe(v.string(), v.maxLength(1024)),
  /** The CA's SHA-256 the operator confirmed (from `identityCaPreview`) or the policy gave. */
  caFingerprint: FingerprintQuerySchema,
  cn: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  san: v.optional(v.pipe(v.array(SanSchema), v.maxLength(20))),
});

export type IdentityState = v.InferOutput<typeof IdentityStateSchema>;
export type IdentityView = v.InferOutput<typeof IdentityViewSchema>;
export type IdentityCertificate = v.InferOutput<typeof IdentityCertificateSchema>;
export type IdentityEnrollRequest = v.InferOutput<typeof IdentityEnrollRequestSchema>;
