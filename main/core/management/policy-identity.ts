/**
 * Issue 17 (docs/policy.md "identity"): the policy's say over this device's
 * own certificate — where to enroll (SCEP URL, the CA's SHA-256, the
 * challenge), what to ask for (CN, SANs) and when to renew. Validated with the
 * rest of the policy: a bad field refuses the whole policy and nothing is
 * applied. The challenge is never echoed in a reason, an audit record or a log.
 */
import { isIP } from 'node:net';
import * as v from 'valibot';
import { ScepUrlSchema } from '../../../app/identity';
import { fullFingerprint } from '../trust/distrust-list';

/** How long before notAfter renewal starts: a fraction of the lifetime passed, or days before the end. */
export type RenewalWindow = { kind: 'fraction'; fraction: number } | { kind: 'daysBefore'; days: number };

/** Issue 17's default: renew once two thirds of the lifetime have passed. */
export const DEFAULT_RENEWAL_WINDOW: RenewalWindow = { kind: 'fraction', fraction: 2 / 3 };

/** What enrollment and renewal take from the policy (G1's core reads this, never the raw policy). */
export interface PolicyIdentity {
  scepUrl: string;
  /** Upper-case hex pairs joined by ':', the store's form. */
  caFingerprint: string;
  /** Null when the SCEP server needs none (or the device's own is used). */
  challenge: string | null;
  cn: string | null;
  san: string[];
  renewal: RenewalWindow;
}

const SanEntrySchema = v.pipe(
  v.string('is not a SAN (DNS:name or IP:address)'),
  v.maxLength(300, 'is longer than 300 characters'),
  v.check((entry) => {
    const match = /^(DNS|IP):(\S+)$/.exec(entry);
    if (!match) return false;
    const value = match[2] ?? '';
    if (match[1] === 'IP') return isIP(value) !== 0;
    // A DNS name as certificates carry it: labels of letters, digits and hyphens, a leading `*.` allowed.
    return value.length <= 253 && /^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(value);
  }, 'is not a SAN (DNS:name or IP:address)'),
);

const RenewalSchema = v.pipe(
  v.strictObject(
    {
      lifetimeFraction: v.optional(
        v.pipe(v.number('is not a number'), v.gtValue(0, 'is not between 0 and 1 (exclusive)'), v.ltValue(1, 'is not between 0 and 1 (exclusive)')),
      ),
      daysBefore: v.optional(v.pipe(v.number('is not a number'), v.integer('is not a whole number of days'), v.minValue(1, 'is below 1 day'), v.maxValue(3650, 'is above 3650 days'))),
    },
    'is not { lifetimeFraction } or { daysBefore }',
  ),
  v.check((r) => (r.lifetimeFraction === undefined) !== (r.daysBefore === undefined), 'sets exactly one of lifetimeFraction and daysBefore'),
);

export const PolicyIdentitySchema = v.strictObject(
  {
    scepUrl: v.pipe(v.string('is not a URL'), ScepUrlSchema),
    caFingerprint: v.pipe(v.string('is not a SHA-256 fingerprint'), v.maxLength(200, 'is not a SHA-256 fingerprint'), v.check((text) => fullFingerprint(text) !== null, 'is not a SHA-256 fingerprint (64 hex digits)')),
    // Only the length is ever said of it: the value is a secret.
    challenge: v.nullish(v.pipe(v.string('is not text'), v.minLength(1, 'is empty'), v.maxLength(1024, 'is longer than 1024 characters')), null),
    subject: v.nullish(
      v.strictObject(
        {
          cn: v.optional(v.pipe(v.string('is not text'), v.minLength(1, 'is empty'), v.maxLength(64, 'is longer than 64 characters'), v.regex(/^[^\p{Cc}]+$/u, 'has control characters'))),
          san: v.optional(v.pipe(v.array(SanEntrySchema, 'is not a list'), v.maxLength(20, 'has more than 20 entries'))),
        },
        'is not { cn, san }',
      ),
      null,
    ),
    renewal: v.nullish(RenewalSchema, null),
  },
  'is not { scepUrl, caFingerprint, challenge, subject, renewal }',
);

export type PolicyIdentityField = v.InferOutput<typeof PolicyIdentitySchema>;

/** The identity the policy in force asks for, or null when it says nothing of it. */
export function policyIdentity(policy: { identity?: PolicyIdentityField | null } | null): PolicyIdentity | null {
  const field = policy?.identity;
  if (field === undefined || field === null) return null;
  return {
    scepUrl: field.scepUrl,
    caFingerprint: fullFingerprint(field.caFingerprint) ?? field.caFingerprint,
    challenge: field.challenge,
    cn: field.subject?.cn ?? null,
    san: field.subject?.san ?? [],
    renewal: renewalWindow(policy),
  };
}

/** The renewal window in force: the policy's, else two thirds of the lifetime. */
export function renewalWindow(policy: { identity?: PolicyIdentityField | null } | null): RenewalWindow {
  const renewal = policy?.identity?.renewal;
  if (renewal?.lifetimeFraction !== undefined) return { kind: 'fraction', fraction: renewal.lifetimeFraction };
  if (renewal?.daysBefore !== undefined) return { kind: 'daysBefore', days: renewal.daysBefore };
  return DEFAULT_RENEWAL_WINDOW;
}

const DAY_MS = 86_400_000;

/**
 * When renewal starts for a certificate valid from notBefore to notAfter. A
 * window of days longer than the lifetime starts at notBefore (renew at once)
 * rather than before it.
 */
export function renewAt(window: RenewalWindow, notBefore: Date, notAfter: Date): Date {
  const start = notBefore.getTime();
  const end = notAfter.getTime();
  const at = window.kind === 'fraction' ? start + (end - start) * window.fraction : end - window.days * DAY_MS;
  return new Date(Math.max(start, Math.min(end, Math.round(at))));
}
