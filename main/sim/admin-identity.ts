/**
 * ksc-admin `policy` options for the device identity (issue 17,
 * docs/policy.md "identity"):
 *   --identity-scep URL|none            where devices enroll (none drops the whole field)
 *   --identity-ca-fingerprint SHA256|FILE   the SCEP CA devices must see (FILE: its certificate)
 *   --identity-challenge-file FILE|none the challenge, read from a file (never on a command line, where ps shows it)
 *   --identity-cn NAME|none
 *   --identity-san DNS:…|IP:…           repeated: the SANs become exactly these; --identity-sans none empties them
 *   --identity-renew-fraction F | --identity-renew-days N | --identity-renew default
 * The result is checked with the device's own rule, so ksc-admin never
 * writes an identity field a device would refuse.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { digestOf, showFingerprint } from '../core/management/protocol-certificate';
import { PolicyIdentitySchema, type PolicyIdentityField } from '../core/management/policy-identity';
import { fullFingerprint } from '../core/trust/distrust-list';
import { single, UsageError, type ParsedArgs } from './sim-args';
import type { SimPolicy } from './sim-files';

export const IDENTITY_OPTIONS: Readonly<Record<string, number>> = {
  'identity-scep': 1,
  'identity-ca-fingerprint': 1,
  'identity-challenge-file': 1,
  'identity-cn': 1,
  'identity-san': 1,
  'identity-sans': 1,
  'identity-renew-fraction': 1,
  'identity-renew-days': 1,
  'identity-renew': 1,
};

type IdentityInput = v.InferInput<typeof PolicyIdentitySchema>;

/** The edit these options make, parsed (and refused) before the policy is touched. */
export function identityEdits(args: ParsedArgs): (policy: SimPolicy) => SimPolicy {
  const scep = single(args, 'identity-scep');
  const fingerprint = single(args, 'identity-ca-fingerprint');
  const challengeFile = single(args, 'identity-challenge-file');
  const cn = single(args, 'identity-cn');
  const sans = (args.options.get('identity-san') ?? []).map(([san = '']) => san);
  const noSans = single(args, 'identity-sans');
  const fraction = single(args, 'identity-renew-fraction');
  const days = single(args, 'identity-renew-days');
  const renewDefault = single(args, 'identity-renew');
  const given = [scep, fingerprint, challengeFile, cn, noSans, fraction, days, renewDefault].some((o) => o !== undefined) || sans.length > 0;
  if (!given) return (policy) => policy;

  if (noSans !== undefined && noSans !== 'none') throw new UsageError('--identity-sans takes only none (use --identity-san DNS:name|IP:address to set them)');
  if (noSans !== undefined && sans.length > 0) throw new UsageError('--identity-sans none and --identity-san cannot be combined');
  if (renewDefault !== undefined && renewDefault !== 'default') throw new UsageError('--identity-renew takes only default (two thirds of the lifetime)');
  if ([fraction, days, renewDefault].filter((o) => o !== undefined).length > 1) {
    throw new UsageError('give one of --identity-renew-fraction, --identity-renew-days and --identity-renew default');
  }
  if (scep === 'none') {
    if ([fingerprint, challengeFile, cn, noSans, fraction, days, renewDefault].some((o) => o !== undefined) || sans.length > 0) {
      throw new UsageError('--identity-scep none drops the identity field: give no other --identity option with it');
    }
    return (policy) => ({ ...policy, identity: null });
  }
  const caFingerprint = fingerprint === undefined ? undefined : fingerprintOf(fingerprint);
  const challenge = challengeFile === undefined ? undefined : challengeFile === 'none' ? null : challengeOf(challengeFile);
  const renewal =
    fraction !== undefined ? { lifetimeFraction: numberOf('--identity-renew-fraction', fraction) }
    : days !== undefined ? { daysBefore: numberOf('--identity-renew-days', days) }
    : renewDefault !== undefined ? null
    : undefined;

  return (policy) => {
    const before: Partial<IdentityInput> = policy.identity ?? {};
    const subjectBefore = before.subject ?? {};
    const subject = {
      ...(cn === undefined ? (subjectBefore.cn === undefined ? {} : { cn: subjectBefore.cn }) : cn === 'none' ? {} : { cn }),
      ...(noSans !== undefined ? {} : sans.length > 0 ? { san: sans } : subjectBefore.san === undefined ? {} : { san: subjectBefore.san }),
    };
    const next = {
      scepUrl: scep ?? before.scepUrl,
      caFingerprint: caFingerprint ?? before.caFingerprint,
      challenge: challenge === undefined ? (before.challenge ?? null) : challenge,
      subject: Object.keys(subject).length === 0 ? null : subject,
      renewal: renewal === undefined ? (before.renewal ?? null) : renewal,
    };
    if (next.scepUrl === undefined) throw new UsageError('the policy has no identity yet: --identity-scep URL is required');
    if (next.caFingerprint === undefined) throw new UsageError('the policy has no identity yet: --identity-ca-fingerprint SHA256|FILE is required');
    return { ...policy, identity: checked(next) };
  };
}

/** The device's rule, with the field named as the device would name it; the challenge's value is never said. */
function checked(field: unknown): PolicyIdentityField {
  const parsed = v.safeParse(PolicyIdentitySchema, field);
  if (parsed.success) return parsed.output;
  const issue = parsed.issues[0];
  const where = issue?.path?.map((step) => String(step.key)).join('.') ?? '';
  throw new UsageError(`identity${where === '' ? '' : `.${where}`} ${issue?.message ?? 'is invalid'}`);
}

/** A whole SHA-256, or a file holding the CA certificate (PEM or DER) whose SHA-256 is taken. */
function fingerprintOf(given: string): string {
  const direct = fullFingerprint(given);
  if (direct !== null) return direct;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(readFileSync(given));
  } catch {
    throw new UsageError(`--identity-ca-fingerprint: '${given}' is neither a SHA-256 (64 hex digits) nor a readable certificate file`);
  }
  return showFingerprint(digestOf(cert.raw));
}

function challengeOf(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`--identity-challenge-file: cannot read ${file}`);
  }
  // A file written by echo or an editor ends in a newline that is not part of the secret.
  return text.replace(/\r?\n$/, '');
}

function numberOf(option: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`${option} takes a number`);
  return value;
}
