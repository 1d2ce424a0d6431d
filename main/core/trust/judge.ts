/**
 * The trust rules (ARCHITECTURE.md "Trust rules") applied to one presented
 * chain for one purpose and server name:
 * 1. pinned leaf: the leaf is a stored non-CA certificate of the purpose and
 *    now is within its validity → trusted, name not checked;
 * 2. anchor: the chain validates (OpenSSL, see openssl-verdict.ts) to a stored
 *    CA certificate of the purpose and the name matches → trusted;
 * 3. otherwise untrusted, with every reason we can find, not just the first.
 */
import type { Reason } from '../../../app/schemas';
import type { Purpose } from '../../../app/purposes';
import { BUILD_DATE } from '../build-info';
import { certificateWeaknesses } from '../x509/weaknesses';
import { isThinCertError } from '../errors';
import type { OpensslVerdict } from '../probes/tls-handshake';
import type { StoredCertificate } from '../store/types';
import { chainCertificate, commonNameOf, type ChainCertificate } from './chain-certificate';
import { buildPath, type CertificatePath } from './certificate-path';
import { namesOutside, nameConstraintsOf } from './name-constraints';
import { explainedBy, opensslAccepts } from './openssl-verdict';
import { day, reason, reasonFromError } from './reasons';
import { listedNames, matchesServerName } from './server-name';
import { distrustedReasons, NO_RULES, onlyForReasons, type TrustRules } from './trust-rules';
import { clockIsWrong, validityAt } from './validity';

export interface JudgeInput {
  purpose: Purpose;
  host: string;
  /** DER, leaf first, as the probe read it. */
  chain: readonly Buffer[];
  /** Stored certificates; those of other purposes are used only for hints. */
  stored: readonly StoredCertificate[];
  verdict: OpensslVerdict | null;
  now: Date;
  /** false when no name was given (`verify` without --name): the leaf's names are then not checked, and the result says so. */
  checkName?: boolean;
  /** true when `now` is a time the person chose (`verify --at`): the wrong-clock rule is about the device's clock, not that. */
  explicitTime?: boolean;
  /** The distrust list, name limits and trust level in force (trust-rules.ts); none when absent. */
  rules?: TrustRules;
}

export interface Judgement {
  trusted: boolean;
  by: 'pinned-leaf' | 'anchor' | null;
  reasons: Reason[];
}

const SERVER_AUTH = new Set(['serverAuth', 'anyExtendedKeyUsage']);

export function judgeChain(input: JudgeInput): Judgement {
  if (input.chain.length === 0) return untrusted([reason('no-certificate')]);
  const presented: ChainCertificate[] = [];
  for (const der of input.chain) {
    try {
      presented.push(chainCertificate(der));
    } catch (error) {
      if (!isThinCertError(error)) throw error;
      return untrusted([reason('unreadable-certificate', { detail: error.message })]);
    }
  }
  const leaf = presented[0] as ChainCertificate;
  const rules = input.rules ?? NO_RULES;
  // Issue 16: a distrusted certificate anywhere in what the server sent outweighs every pin and anchor.
  const distrusted = distrustedReasons(presented, rules);
  if (distrusted.length > 0) return untrusted(distrusted);
  const forPurpose = input.stored.filter((s) => s.purposes.includes(input.purpose));
  const forOthers = input.stored.filter((s) => !s.purposes.includes(input.purpose));
  const pins = forPurpose.filter((s) => !s.details.isCA);
  const anchors = forPurpose.filter((s) => s.details.isCA).map(fromStore);
  const wrongClock = input.explicitTime !== true && clockIsWrong(input.now);

  const pin = pins.find((p) => p.fingerprint === leaf.details.fingerprint);
  const pinValid = pin !== undefined && validityAt(pin.details.notBefore, pin.details.notAfter, input.now) === 'valid';
  if (pinValid && rules.levels[input.purpose] !== 'anchors-only') {
    return { trusted: true, by: 'pinned-leaf', reasons: [] };
  }

  const path = buildPath(presented, anchors);
  const pathReasons = [
    ...dateReasons(path, input.now, wrongClock),
    ...pathEndReasons(path, input, forOthers),
    ...issuerReasons(path),
    ...usageReasons(leaf),
    ...(input.checkName === false ? [] : nameReasons(leaf, input.host)),
    ...constraintReasons(path, leaf),
    ...weaknessReasons(path),
    ...anchorRuleReasons(path, forPurpose, leaf, input.checkName === false ? null : input.host, input.purpose, rules),
  ];
  // A wrong clock makes every date meaningless: never trusted then, whatever the path.
  if (!wrongClock && path.end.kind === 'anchor' && pathReasons.length === 0 && opensslAccepts(input.verdict, path.end.anchor.details.selfSigned)) {
    return { trusted: true, by: 'anchor', reasons: [] };
  }

  const reasons: Reason[] = [];
  if (wrongClock) reasons.push(reason('clock-wrong', { now: day(input.now), buildDate: day(BUILD_DATE) }));
  if (forPurpose.length === 0) reasons.push(reason('nothing-stored', { purpose: input.purpose }));
  reasons.push(...(pinValid ? [reason('pins-not-allowed', { purpose: input.purpose })] : pinReasons(pin, pins, leaf, input, wrongClock)), ...pathReasons);
  const otherPin = forOthers.find((s) => s.fingerprint === leaf.details.fingerprint);
  if (otherPin) {
    reasons.push(reason('pin-other-purpose', { purposes: otherPin.purposes.join(', '), purpose: input.purpose }));
  }
  const verdictError = input.verdict?.authorized === false ? input.verdict.error : null;
  const found = new Set(reasons.map((r) => r.code));
  if (verdictError !== null && !explainedBy(verdictError, found)) {
    reasons.push(reason('openssl-rejected', { error: verdictError }));
  }
  if (reasons.length === 0) reasons.push(reason('openssl-rejected', { error: verdictError ?? 'no verdict' }));
  return untrusted(reasons);
}

function untrusted(reasons: Reason[]): Judgement {
  return { trusted: false, by: null, reasons };
}

function fromStore(stored: StoredCertificate): ChainCertificate {
  return chainCertificate(Buffer.from(stored.der, 'base64'));
}

function dateReasons(path: CertificatePath, now: Date, wrongClock: boolean): Reason[] {
  const reasons: Reason[] = [];
  path.certificates.forEach((certificate, index) => {
    const { notBefore, notAfter, subject } = certificate.details;
    const state = validityAt(notBefore, notAfter, now);
    // With a wrong clock "not yet valid" describes the clock, not the certificate (clock-wrong says so).
    if (state === 'not-yet-valid' && wrongClock) return;
    if (state === 'expired') {
      reasons.push(index === 0 ? reason('expired', { date: day(notAfter) }) : reason('issuer-expired', { subject, date: day(notAfter) }));
    } else if (state === 'not-yet-valid') {
      reasons.push(
        index === 0 ? reason('not-yet-valid', { date: day(notBefore) }) : reason('issuer-not-yet-valid', { subject, date: day(notBefore) }),
      );
    }
  });
  return reasons;
}

function pathEndReasons(path: CertificatePath, input: JudgeInput, forOthers: readonly StoredCertificate[]): Reason[] {
  if (path.end.kind === 'anchor') return [];
  const top = path.certificates[path.certificates.length - 1] as ChainCertificate;
  const reasons: Reason[] = [];
  // Would the chain reach an authority stored for another purpose? Then say so: it is the likely fix.
  const otherAnchors = forOthers.filter((s) => s.details.isCA);
  const otherPath = otherAnchors.length > 0 ? buildPath(path.certificates, otherAnchors.map(fromStore)) : null;
  const otherAnchor =
    otherPath?.end.kind === 'anchor'
      ? otherAnchors.find((s) => otherPath.end.kind === 'anchor' && s.fingerprint === otherPath.end.anchor.details.fingerprint)
      : undefined;
  if (path.end.kind === 'untrusted-root') {
    reasons.push(
      path.certificates.length === 1
        ? reason('self-signed', { subject: top.details.subject, purpose: input.purpose })
        : reason('unknown-issuer', { issuer: top.details.subject, purpose: input.purpose }),
    );
  } else if (otherAnchor || !serverOmittedIssuer(top, input)) {
    reasons.push(reason('unknown-issuer', { issuer: top.details.issuer, purpose: input.purpose }));
  } else {
    reasons.push(reason('incomplete-chain', { issuer: top.details.issuer, purpose: input.purpose }));
  }
  if (otherAnchor) {
    reasons.push(
      reason('anchor-other-purpose', {
        subject: otherAnchor.details.subject,
        purposes: otherAnchor.purposes.join(', '),
        purpose: input.purpose,
      }),
    );
  }
  return reasons;
}

/**
 * Whose certificate is missing when the walk stops at `top` (docs/decisions.md
 * "Missing issuer: the server's fault or the operator's"). Servers need not
 * send the root (RFC 8446 §4.4.2), so above a CA certificate the missing
 * issuer is the authority the operator adds. Above a lone leaf it is the
 * server's intermediate when this purpose already has its authority stored;
 * with no authority stored yet, the leaf's issuer is the one to add.
 */
function serverOmittedIssuer(top: ChainCertificate, input: JudgeInput): boolean {
  if (top.details.isCA) return false;
  return input.stored.some((s) => s.purposes.includes(input.purpose) && s.details.isCA);
}

/** RFC 5280 §4.2.1.9: only a CA certificate may sign another certificate. */
function issuerReasons(path: CertificatePath): Reason[] {
  return path.certificates
    .slice(1)
    .filter((certificate) => !certificate.details.isCA)
    .map((certificate) => reason('issuer-not-ca', { subject: certificate.details.subject }));
}

/** RFC 5280 §4.2.1.12: an EKU extension, when present, must allow serverAuth (or any). */
function usageReasons(leaf: ChainCertificate): Reason[] {
  const usages = leaf.details.extKeyUsage;
  if (usages.length === 0 || usages.some((u) => SERVER_AUTH.has(u))) return [];
  return [reason('wrong-extended-key-usage', { usages: usages.join(', ') })];
}

function nameReasons(leaf: ChainCertificate, host: string): Reason[] {
  const names = { subjectAltNames: leaf.details.subjectAltNames, commonName: commonNameOf(leaf) };
  if (matchesServerName(host, names)) return [];
  const listed = listedNames(names);
  return [reason('name-mismatch', { host, names: listed.length > 0 ? listed.join(', ') : '(none)' })];
}

function constraintReasons(path: CertificatePath, leaf: ChainCertificate): Reason[] {
  const sans = leaf.details.subjectAltNames;
  const common = commonNameOf(leaf);
  // Without DNS SANs the CN acts as the DNS name (RFC 5280 §4.2.1.10, last paragraph), so it is constrained too.
  const names = sans.some((n) => n.startsWith('DNS:')) || common === null ? sans : [...sans, `DNS:${common}`];
  const reasons: Reason[] = [];
  for (const authority of path.certificates.slice(1)) {
    const constraints = nameConstraintsOf(authority.der);
    if (constraints === null) continue;
    for (const name of namesOutside(constraints, names)) {
      reasons.push(reason('name-constraints-violated', { name, issuer: authority.details.subject }));
    }
  }
  return reasons;
}

/** Issue 16 §3 on the anchor the path reached: distrusted, limited to names, or not allowed at this level. */
function anchorRuleReasons(
  path: CertificatePath,
  forPurpose: readonly StoredCertificate[],
  leaf: ChainCertificate,
  host: string | null,
  purpose: Purpose,
  rules: TrustRules,
): Reason[] {
  if (path.end.kind !== 'anchor') return [];
  const anchor = path.end.anchor;
  const distrusted = distrustedReasons([anchor], rules);
  if (distrusted.length > 0) return distrusted;
  const stored = forPurpose.find((s) => s.fingerprint === anchor.details.fingerprint);
  return [
    ...onlyForReasons(anchor, stored, leaf, host, rules),
    ...(rules.levels[purpose] === 'pins-only' ? [reason('anchors-not-allowed', { purpose, anchor: anchor.details.subject })] : []),
  ];
}

function weaknessReasons(path: CertificatePath): Reason[] {
  return path.certificates.flatMap((certificate) => certificateWeaknesses(certificate.der, certificate.details).map(reasonFromError));
}

function pinReasons(
  pin: StoredCertificate | undefined,
  pins: readonly StoredCertificate[],
  leaf: ChainCertificate,
  input: JudgeInput,
  wrongClock: boolean,
): Reason[] {
  if (pin) {
    const state = validityAt(pin.details.notBefore, pin.details.notAfter, input.now);
    if (state === 'expired') return [reason('pin-expired', { date: day(pin.details.notAfter) })];
    return wrongClock ? [] : [reason('pin-not-yet-valid', { date: day(pin.details.notBefore) })];
  }
  // Which stored pin did the person mean? The one naming this server; or the only one there is.
  const named = pins.filter((p) =>
    matchesServerName(input.host, { subjectAltNames: p.details.subjectAltNames, commonName: commonNameFromSubject(p.details.subject) }),
  );
  const meant = named.length > 0 ? named : pins.length === 1 ? pins : [];
  return meant.map((p) => reason('pin-mismatch', { stored: p.fingerprint, presented: leaf.details.fingerprint }));
}

/** CN from CertificateDetails.subject ("CN=x, O=y"); only used to pick the pin meant for a host. */
function commonNameFromSubject(subject: string): string | null {
  const match = /(?:^|,\s*)CN=([^,]+)/.exec(subject);
  return match?.[1] ?? null;
}
