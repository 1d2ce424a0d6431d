/**
 * The policy document of PROTOCOL.md §3 and its strict validation: an unknown
 * version, an unknown purpose, a PEM that does not parse or a field of the
 * wrong type refuses the whole policy (the previous one stays in force).
 */
import * as v from 'valibot';
import { parseHostPort } from '../../../app/host-name';
import { AdminContactSchema } from '../../../app/schemas';
import { derOfSinglePem } from './protocol-certificate';
import { crlDer, hasCrlShape } from '../revocation/crl-shape';
import { REVOCATION_MODES } from '../revocation/modes';
import { onlyForEntry } from '../trust/constrained-anchor';
import { fullFingerprint } from '../trust/distrust-list';
import { TRUST_LEVELS } from '../trust/trust-level';
import { PolicyDesktopsSchema } from '../../../app/remote-desktop-channels';
import { PolicyIdentitySchema } from './policy-identity';

/** The purposes a policy may carry; `ksc` is never set by policy (it is the pin itself, §1). */
export const POLICY_PURPOSES = ['rdp', 'broker', 'logServer'] as const;
export type PolicyPurpose = (typeof POLICY_PURPOSES)[number];

/** Issue 16 §2: a CRL delivered for devices that cannot reach the CA (PEM; its signature is checked when used). */
const CrlPemSchema = v.pipe(
  v.string(),
  // The shape only: the full parse (and the signature check) happens where the CRL is used.
  v.check((pem) => pem.includes('-----BEGIN X509 CRL-----') && hasCrlShape(crlDer(Buffer.from(pem, 'latin1'))), 'is not one parsable PEM CRL'),
);
const RevocationModeSchema = v.picklist(REVOCATION_MODES, 'is not a revocation mode (off, soft, hard)');

/** Policies far larger than this are not certificate lists; refuse rather than parse them. */
export const MAX_POLICY_BYTES = 4 * 1024 * 1024;

const PemSchema = v.pipe(
  v.string(),
  v.check((pem) => derOfSinglePem(pem) !== null, 'is not one parsable PEM certificate'),
);

/** §3 logServer: HOST:PORT (HOST a name, IPv4 or [IPv6], as in CLI.md). */
const LogServerSchema = v.pipe(
  v.string(),
  v.maxLength(300),
  v.check((address) => {
    const parsed = parseHostPort(address);
    return parsed.ok ? parsed.port !== undefined : parsed.reason === 'port-out-of-range';
  }, 'is not HOST:PORT'),
  v.check((address) => parseHostPort(address).ok, 'has a port outside 1–65535'),
);

/** Issue 16 §3: each entry as `add --only-for` takes it; refused unless already canonical, so the device shows what the admin wrote. */
const OnlyForSchema = v.pipe(
  v.array(v.pipe(v.string(), v.maxLength(300), v.check((entry) => onlyForEntry(entry) === entry, 'is not a DNS suffix or IP range in canonical form (corp.example, 10.0.0.0/8)'))),
  v.minLength(1),
  v.maxLength(64),
);

/** Issue 16 §3: a full SHA-256 of a certificate never trusted anywhere. */
const DistrustFingerprintSchema = v.pipe(v.string(), v.maxLength(200), v.check((text) => fullFingerprint(text) !== null, 'is not a SHA-256 fingerprint (64 hex digits)'));

const TrustLevelSchema = v.picklist(TRUST_LEVELS, 'is not a trust level (both, pins-only, anchors-only)');

export const PolicySchema = v.object({
  version: v.literal(1, 'is not a known policy version (this client speaks version 1)'),
  revision: v.pipe(v.number(), v.integer(), v.minValue(0)),
  managed: v.boolean(),
  adminContact: v.nullish(AdminContactSchema, null),
  certificates: v.array(
    v.object({
      purpose: v.picklist(POLICY_PURPOSES, 'is not a purpose a policy may set (rdp, broker, logServer)'),
      pem: PemSchema,
      /** Issue 16 §3 (docs/policy.md): an anchor trusted only for these DNS suffixes and IP ranges. */
      onlyFor: v.optional(OnlyForSchema),
    }),
  ),
  nextManagementCertificate: v.nullish(PemSchema, null),
  logServer: v.nullish(LogServerSchema, null),
  /** Issue 15 (docs/policy.md): the named remote desktops of a managed device's home screen. */
  remoteDesktops: v.nullish(PolicyDesktopsSchema, null),
  /** Issue 16 §2: revocation mode per purpose; in managed mode a purpose set here cannot be changed on the device. */
  revocation: v.nullish(v.strictObject({ rdp: v.optional(RevocationModeSchema), broker: v.optional(RevocationModeSchema), logServer: v.optional(RevocationModeSchema) }), null),
  /** Issue 16 §2: CRLs for devices that cannot reach the CA's distribution points. */
  crls: v.nullish(v.pipe(v.array(CrlPemSchema), v.maxLength(256)), null),
  /** Issue 16 §3: certificates never trusted, joined with the device's own list. */
  distrust: v.nullish(v.pipe(v.array(DistrustFingerprintSchema), v.maxLength(10_000)), null),
  /** Issue 16 §3: trust level per purpose; in managed mode a purpose set here cannot be changed on the device. */
  trustLevels: v.nullish(v.strictObject({ rdp: v.optional(TrustLevelSchema), broker: v.optional(TrustLevelSchema), logServer: v.optional(TrustLevelSchema) }), null),
  /** Issue 17 (docs/policy.md): where and how this device enrolls its own certificate; read through policyIdentity(). */
  identity: v.nullish(PolicyIdentitySchema, null),
});

export type Policy = v.InferOutput<typeof PolicySchema>;

export type PolicyVerdict = { ok: true; policy: Policy } | { ok: false; reason: string };

/** Judges the body of `GET /thincert/v1/policy`; the reason names the first bad field. */
export function parsePolicy(body: string): PolicyVerdict {
  if (Buffer.byteLength(body, 'utf8') > MAX_POLICY_BYTES) return { ok: false, reason: 'the policy is larger than 4 MiB' };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: `the policy is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  return checkPolicy(json);
}

export function checkPolicy(json: unknown): PolicyVerdict {
  const parsed = v.safeParse(PolicySchema, json);
  if (parsed.success) return { ok: true, policy: parsed.output };
  const issue = parsed.issues[0];
  const where = issue?.path?.map((step) => String(step.key)).join('.') ?? '';
  const what = issue?.message ?? 'invalid';
  return { ok: false, reason: where === '' ? `the policy ${what}` : `policy field ${where} ${what}` };
}
