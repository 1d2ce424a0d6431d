/**
 * The revocation check proper (issue 16 §2), loaded by revocation-step.ts only
 * when a purpose's mode is soft or hard and the rules said "trusted", for every
 * certificate of the path below its anchor.
 * Sources in order, the first that answers decides: the OCSP answer stapled
 * in the handshake (leaf only), CRLs on this device (cached or imported, and
 * the policy's) until their nextUpdate, the certificate's OCSP responder, its
 * CRL distribution points (downloaded CRLs are kept for the next check).
 * `soft`: revoked → untrusted, unknown → trusted with a warning; `hard`:
 * unknown → untrusted too. Self-signed certificates have no one to revoke them.
 */
import type { Reason } from '../../../app/schemas';
import { buildPath } from '../trust/certificate-path';
import { chainCertificate, issuedBy, type ChainCertificate } from '../trust/chain-certificate';
import type { Judgement } from '../trust/judge';
import { asn1Certificate, serialKey } from './asn1-names';
import { crlCovers, crlIssuedBy, parseCrl, type ParsedCrl } from './crl';
import { keepCrl, MAX_CRL_BYTES, storedCrls } from './crl-store';
import { freshAt } from './freshness';
import { httpFetch, REVOCATION_FETCH_TIMEOUT_MS } from './http-fetch';
import { judgeOcspResponse, ocspRequest, type OcspAnswer } from './ocsp';
import { ON_DEVICE, revokedReason, STAPLED, unknownReason, type UnknownDetail } from './reasons';
import { publishedSources } from './sources';
import type { JudgementWithWarnings, RevocationDeps, RevocationInput } from './revocation-step';

type Status = { kind: 'good' } | { kind: 'revoked'; reason: Reason } | { kind: 'unknown'; detail: UnknownDetail };

const MAX_OCSP_BYTES = 64 * 1024;
/** All network sources of one certificate together: unreachable responders must not add up to a long wait. */
const NETWORK_BUDGET_MS = 5_000;

export async function checkRevocation(judgement: Judgement, input: RevocationInput, deps: RevocationDeps, mode: 'soft' | 'hard'): Promise<JudgementWithWarnings> {
  const statuses = await Promise.all(toCheck(input).map(async ({ certificate, issuer, index }) => ({
    certificate,
    status: await statusOf(certificate, issuer, index === 0 ? input.stapled : null, input.now, deps),
  })));
  const revoked = statuses.flatMap(({ status }) => (status.kind === 'revoked' ? [status.reason] : []));
  const unknown = statuses.flatMap(({ certificate, status }) =>
    status.kind === 'unknown' ? [unknownReason(certificate.details.subject, status.detail)] : [],
  );
  if (revoked.length > 0) return { trusted: false, by: null, reasons: [...revoked, ...(mode === 'hard' ? unknown : [])], warnings: mode === 'hard' ? [] : unknown };
  if (unknown.length > 0 && mode === 'hard') return { trusted: false, by: null, reasons: unknown, warnings: [] };
  return { ...judgement, warnings: unknown };
}

/** Each certificate below the anchor with its issuer (null when neither sent nor stored). */
function toCheck(input: RevocationInput): { certificate: ChainCertificate; issuer: ChainCertificate | null; index: number }[] {
  const presented = input.chain.map((der) => chainCertificate(der));
  const anchors = input.stored.filter((s) => s.purposes.includes(input.purpose) && s.details.isCA).map((s) => chainCertificate(Buffer.from(s.der, 'base64')));
  const path = buildPath(presented, anchors);
  const certificates = path.end.kind === 'anchor' ? path.certificates.slice(0, -1) : path.certificates;
  // A stored intermediate presented as the leaf's issuer ends the path at itself: nothing below it is left out.
  const below = path.end.kind === 'anchor' && path.certificates.length === 1 ? [] : certificates;
  return below
    .map((certificate, index) => {
      const next = path.certificates[index + 1];
      const issuer = next && issuedBy(certificate, next) ? next : null;
      return { certificate, issuer, index };
    })
    .filter(({ certificate }) => !certificate.details.selfSigned);
}

async function statusOf(certificate: ChainCertificate, issuer: ChainCertificate | null, stapled: Buffer | null, now: Date, deps: RevocationDeps): Promise<Status> {
  if (issuer === null) return { kind: 'unknown', detail: { cause: 'issuer-missing' } };
  const subject = certificate.details.subject;
  const failures: UnknownDetail[] = [];

  if (stapled) {
    const answer = judgeOcspResponse(stapled, certificate, issuer, now);
    const decided = fromOcsp(answer, subject, STAPLED, failures);
    if (decided) return decided;
  }

  const local = await localCrlStatus(certificate, issuer, now, deps, failures);
  if (local) return local;

  const published = publishedSources(certificate.der);
  const deadline = Date.now() + NETWORK_BUDGET_MS;
  const timeoutMs = () => Math.min(deps.fetchTimeoutMs ?? REVOCATION_FETCH_TIMEOUT_MS, deadline - Date.now());
  for (const url of published.ocsp) {
    const fetched = await httpFetch(url, {
      body: { contentType: 'application/ocsp-request', bytes: ocspRequest(certificate, issuer) },
      maxBytes: MAX_OCSP_BYTES,
      timeoutMs: timeoutMs(),
      ...(deps.lookup ? { lookup: deps.lookup } : {}),
    });
    if (!fetched.ok) {
      failures.push({ cause: fetched.why === 'http-error' ? 'responder-refused' : 'responder-down', url });
      continue;
    }
    const decided = fromOcsp(judgeOcspResponse(fetched.bytes, certificate, issuer, now), subject, url, failures);
    if (decided) return decided;
  }

  for (const url of published.crl) {
    const fetched = await httpFetch(url, {
      maxBytes: MAX_CRL_BYTES,
      timeoutMs: timeoutMs(),
      ...(deps.lookup ? { lookup: deps.lookup } : {}),
    });
    if (!fetched.ok) {
      failures.push({ cause: 'crl-unreachable', url });
      continue;
    }
    let crl: ParsedCrl;
    try {
      crl = parseCrl(fetched.bytes);
    } catch {
      failures.push({ cause: 'crl-invalid', url });
      continue;
    }
    if (!crlCovers(crl, certificate.der) || !verifiedBy(crl, issuer)) {
      failures.push({ cause: 'crl-invalid', url });
      continue;
    }
    if (freshAt(crl.thisUpdate, crl.nextUpdate, now) !== 'fresh') {
      failures.push(crl.nextUpdate ? { cause: 'crl-expired', url, date: crl.nextUpdate } : { cause: 'stale', url });
      continue;
    }
    // Kept for the next check and for the days the distribution point cannot be reached.
    await keepCrl(deps.dataDir, crl.der, now).catch(() => undefined);
    return crlStatus(crl, certificate, url);
  }

  return { kind: 'unknown', detail: mostTelling(failures) };
}

function fromOcsp(answer: OcspAnswer, subject: string, source: string, failures: UnknownDetail[]): Status | null {
  if (answer.kind === 'good') return { kind: 'good' };
  if (answer.kind === 'revoked') return { kind: 'revoked', reason: revokedReason(subject, answer.date, answer.reason, source) };
  failures.push({ cause: answer.why, url: source });
  return null;
}

function crlStatus(crl: ParsedCrl, certificate: ChainCertificate, source: string): Status {
  const entry = crl.revoked.get(serialOf(certificate));
  return entry ? { kind: 'revoked', reason: revokedReason(certificate.details.subject, entry.date, entry.reason, source) } : { kind: 'good' };
}

/** A certificate's serial as CRLs key it, read once per (cached) certificate. */
const serials = new WeakMap<ChainCertificate, string>();

function serialOf(certificate: ChainCertificate): string {
  let serial = serials.get(certificate);
  if (serial === undefined) {
    serial = serialKey(asn1Certificate(certificate.der).tbsCertificate.serialNumber);
    serials.set(certificate, serial);
  }
  return serial;
}

async function localCrlStatus(certificate: ChainCertificate, issuer: ChainCertificate, now: Date, deps: RevocationDeps, failures: UnknownDetail[]): Promise<Status | null> {
  const candidates = localCandidates(certificate, issuer, await storedCrls(deps.dataDir), deps.policyCrls);
  // The newest current one decides; an expired one is only worth naming if nothing else answers.
  const current = candidates.filter((crl) => freshAt(crl.thisUpdate, crl.nextUpdate, now) === 'fresh').sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime());
  const newest = current[0];
  if (newest) return crlStatus(newest, certificate, 'cached CRL');
  for (const crl of candidates) if (crl.nextUpdate) failures.push({ cause: 'crl-expired', url: ON_DEVICE, issuer: crl.issuer, date: crl.nextUpdate });
  return null;
}

/** Signature checks of CRLs by issuer: a CRL is verified once per issuer key, not once per check. */
const verified = new Map<string, boolean>();
const VERIFIED_LIMIT = 1024;

function verifiedBy(crl: ParsedCrl, issuer: ChainCertificate): boolean {
  const key = `${crl.id}:${issuer.details.fingerprint}`;
  let ok = verified.get(key);
  if (ok === undefined) {
    ok = crlIssuedBy(crl, issuer);
    if (verified.size >= VERIFIED_LIMIT) verified.delete(verified.keys().next().value as string);
    verified.set(key, ok);
  }
  return ok;
}

/**
 * The CRLs on this device and in the policy that cover `certificate` and that
 * `issuer` signed, worked out once per set of CRLs: both sets are the same
 * arrays while their files are unchanged (crl-store.ts, in-force.ts), so a
 * check with a cached CRL compares three references and looks up a serial.
 */
interface Candidates {
  stored: readonly ParsedCrl[];
  policy: readonly Buffer[];
  issuer: ChainCertificate;
  crls: readonly ParsedCrl[];
}

const candidatesOf = new WeakMap<ChainCertificate, Candidates>();

function localCandidates(certificate: ChainCertificate, issuer: ChainCertificate, stored: readonly ParsedCrl[], policy: readonly Buffer[]): readonly ParsedCrl[] {
  const hit = candidatesOf.get(certificate);
  if (hit && hit.stored === stored && hit.policy === policy && hit.issuer === issuer) return hit.crls;
  const crls = [...stored, ...policyCrls(policy)].filter((crl) => crlCovers(crl, certificate.der) && verifiedBy(crl, issuer));
  candidatesOf.set(certificate, { stored, policy, issuer, crls });
  return crls;
}

/** The policy's CRLs parsed, by the policy's list (one array while the policy is unchanged); one that does not parse is left out. */
const policyParsed = new WeakMap<readonly Buffer[], ParsedCrl[]>();

function policyCrls(policy: readonly Buffer[]): ParsedCrl[] {
  let parsed = policyParsed.get(policy);
  if (parsed === undefined) {
    parsed = policy.flatMap((bytes) => {
      try {
        return [parseCrl(bytes)];
      } catch {
        return [];
      }
    });
    policyParsed.set(policy, parsed);
  }
  return parsed;
}

const PRIORITY: readonly UnknownDetail['cause'][] = [
  'responder-unknown',
  'bad-signature',
  'crl-expired',
  'stale',
  'crl-invalid',
  'bad-response',
  'responder-refused',
  'responder-down',
  'crl-unreachable',
];

/** The failure a person can act on first; none at all means the certificate offered no source. */
function mostTelling(failures: readonly UnknownDetail[]): UnknownDetail {
  for (const cause of PRIORITY) {
    const found = failures.find((f) => f.cause === cause);
    if (found) return found;
  }
  return { cause: 'no-source' };
}
