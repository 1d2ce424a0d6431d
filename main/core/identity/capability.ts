/**
 * This device's own certificate (issue 17): enrollment and renewal over SCEP,
 * PKCS#12 import, removal, and the view every interface shows. Every change
 * is audited (no key material, challenge or password) and announced with
 * `identityChanged`. A failure changes nothing on disk but the last error.
 */
import { X509Certificate } from 'node:crypto';
import { hostname } from 'node:os';
import type { IdentityEnrollRequest, IdentityState, IdentityView } from '../../../app/identity';
import type { Certificate } from '../../../app/schemas';
import type { AuditLog } from '../audit/audit-log';
import type { AuditActor } from '../audit/record';
import type { Clock } from '../clock';
import { detailsOf } from '../x509/details';
import { sha256Fingerprint } from '../x509/fingerprint';
import { viewOfDetails } from '../certificates/view';
import { readFromMedia } from '../certificates/media';
import { ThinCertError, isThinCertError } from '../errors';
import { readRecord } from '../management/state';
import { policyIdentity, renewAt, renewalWindow, type PolicyIdentity, type RenewalWindow } from '../management/policy-identity';
import type { Issued } from './scep/request';
import { dropPendingKey, readPendingKey, readProgress, savePendingKey, updateProgress, type PendingEnrollment, type Progress } from './progress';
import { keyMatches, readIdentity, removeIdentity, storeIdentity, withIdentityLock, type IdentityMeta, type StoredIdentity } from './storage';

export interface IdentityDeps {
  dataDir: string;
  clock: Clock;
  audit: Pick<AuditLog, 'append'>;
  changed: () => void;
  mediaDirs: () => Promise<readonly string[]>;
}

type Busy = 'enrolling' | 'renewing' | null;

const DAY_MS = 86_400_000;
/** Polls of a PENDING request: 1 min doubling to 1 h, at most this many before it is given up. */
export const MAX_POLLS = 12;
const FIRST_POLL_MS = 60_000;
const MAX_POLL_MS = 3_600_000;

export function createIdentity(deps: IdentityDeps) {
  const { dataDir, clock } = deps;
  let busy: Busy = null;

  const policyInForce = async (): Promise<{ identity: PolicyIdentity | null; window: RenewalWindow; admin: string | null }> => {
    const { policy } = await readRecord(dataDir);
    const identity = policyIdentity(policy);
    return { identity, window: renewalWindow(policy), admin: identity ? (policy?.adminContact?.name ?? 'the administrator') : null };
  };

  async function view(): Promise<IdentityView> {
    const [identity, progress, policy] = await Promise.all([readIdentity(dataDir), readProgress(dataDir), policyInForce()]);
    const now = clock.now();
    const leaf = identity?.leaf ?? null;
    const certificate = leaf ? certificateOf(leaf) : null;
    const notAfter = leaf ? new Date(leaf.validTo) : null;
    return {
      state: stateOf(busy, progress, identity, now),
      certificate,
      renewAt: leaf && identity?.meta.source === 'scep' ? renewAt(policy.window, new Date(leaf.validFrom), new Date(leaf.validTo)).toISOString() : null,
      daysLeft: notAfter ? Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS) : null,
      source: identity?.meta.source ?? null,
      scepUrl: identity?.meta.scepUrl ?? progress.pending?.scepUrl ?? null,
      lastError: progress.lastError,
      managedBy: policy.admin,
    };
  }

  /** One enrollment or renewal at a time in this process; the identity lock orders processes. */
  async function exclusive<T>(what: Exclude<Busy, null>, fn: () => Promise<T>): Promise<T> {
    if (busy !== null) throw new ThinCertError('identity-busy', 'This device’s certificate is being enrolled or renewed right now; wait until it finishes.');
    busy = what;
    deps.changed();
    try {
      return await fn();
    } finally {
      busy = null;
      deps.changed();
    }
  }

  /** Records a failure (trail and state) and passes it on; what was in use stays in use. */
  async function failed(error: unknown, actor: AuditActor, operation: string, scepUrl: string | null): Promise<never> {
    const shaped = isThinCertError(error) ? error : new ThinCertError('internal', error instanceof Error ? error.message : String(error));
    const at = clock.now().toISOString();
    // The params are what the message already says (a URL without its query, a status, the CA's failInfo), never a secret.
    const lastError = { code: shaped.code, message: shaped.message, ...(shaped.params === undefined ? {} : { params: shaped.params }), at };
    await updateProgress(dataDir, (p) => ({ ...p, lastError })).catch(() => undefined);
    await deps.audit.append('identity-failed', actor, { operation, code: shaped.code, reason: shaped.message, scepUrl }).catch(() => undefined);
    deps.changed();
    throw error;
  }

  async function stored(issued: Issued, keyPem: string, meta: IdentityMeta, event: 'identity-enrolled' | 'identity-renewed', actor: AuditActor): Promise<void> {
    const certPem = issued.certificates.map(pemOf).join('');
    await withIdentityLock(dataDir, () => storeIdentity(dataDir, { certPem, keyPem, meta }));
    await updateProgress(dataDir, () => ({ pending: null, lastError: null, renewal: { failures: 0, nextAttemptAt: null } }));
    await dropPendingKey(dataDir);
    await deps.audit.append(event, actor, { ...recordOf(new X509Certificate(certPem)), scepUrl: meta.scepUrl });
    deps.changed();
  }

  async function enroll(request: IdentityEnrollRequest, actor: AuditActor): Promise<IdentityView> {
    const inForce = await policyInForce();
    const policy = inForce.identity;
    if (policy !== null && actor !== 'policy' && request.scepUrl !== policy.scepUrl) {
      const admin = inForce.admin ?? 'the administrator';
      throw new ThinCertError('managed', `This device’s certificate is enrolled where the policy of ${admin} says (${policy.scepUrl}).`, { admin });
    }
    await exclusive('enrolling', async () => {
      try {
        const { connectToCa, generateDeviceKey, requestCertificate } = await scep();
        const ca = await connectToCa(request.scepUrl, request.caFingerprint);
        const keyPem = await generateDeviceKey();
        const subject = { cn: request.cn ?? policy?.cn ?? hostname(), san: request.san ?? policy?.san ?? [] };
        const outcome = await requestCertificate({ ca, keyPem, subject, challenge: request.challenge.length > 0 ? request.challenge : null, renewWith: null, now: clock.now() });
        const meta: IdentityMeta = { source: 'scep', scepUrl: request.scepUrl, caFingerprint: sha256Fingerprint(ca.caDer), storedAt: clock.now().toISOString() };
        if (outcome.kind === 'issued') return await stored(outcome.issued, keyPem, meta, 'identity-enrolled', actor);
        await rememberPending('enroll', keyPem, meta, outcome.pending);
      } catch (error) {
        return failed(error, actor, 'enroll', request.scepUrl);
      }
    });
    return view();
  }

  async function renew(actor: AuditActor, challenge: string | null = null): Promise<IdentityView> {
    await exclusive('renewing', async () => {
      const current = await readIdentity(dataDir);
      if (current === null) throw new ThinCertError('identity-none', 'This device has no certificate of its own yet.');
      if (current.meta.source !== 'scep' || current.meta.scepUrl === null || current.meta.caFingerprint === null) {
        throw new ThinCertError('identity-not-renewable', 'This certificate was imported from a PKCS#12 file, so it cannot be renewed over SCEP; import a new one or enroll.');
      }
      if (clock.now().getTime() > Date.parse(current.leaf.validTo)) {
        throw new ThinCertError('identity-expired', 'This device’s certificate has expired and can no longer sign a renewal; enroll again with a new challenge.', {
          notAfter: new Date(current.leaf.validTo).toISOString(),
        });
      }
      const { scepUrl, caFingerprint } = current.meta;
      try {
        const { connectToCa, generateDeviceKey, requestCertificate } = await scep();
        const ca = await connectToCa(scepUrl, caFingerprint);
        const keyPem = await generateDeviceKey();
        const policy = (await policyInForce()).identity;
        const outcome = await requestCertificate({
          ca,
          keyPem,
          subject: subjectOf(current.leaf),
          challenge: challenge ?? (policy?.scepUrl === scepUrl ? policy.challenge : null),
          renewWith: { certDer: Buffer.from(current.leaf.raw), keyPem: current.keyPem },
          now: clock.now(),
        });
        const meta: IdentityMeta = { ...current.meta, storedAt: clock.now().toISOString() };
        if (outcome.kind === 'issued') return await stored(outcome.issued, keyPem, meta, 'identity-renewed', actor);
        await rememberPending('renew', keyPem, meta, outcome.pending);
      } catch (error) {
        await updateProgress(dataDir, (p) => ({ ...p, renewal: { failures: p.renewal.failures + 1, nextAttemptAt: nextRenewalAttempt(p.renewal.failures + 1) } })).catch(() => undefined);
        return failed(error, actor, 'renew', scepUrl);
      }
    });
    return view();
  }

  async function rememberPending(kind: 'enroll' | 'renew', keyPem: string, meta: IdentityMeta, pending: { transactionId: string; signer: { certDer: string }; subjectCn: string }): Promise<void> {
    await withIdentityLock(dataDir, async () => {
      await savePendingKey(dataDir, keyPem);
      const now = clock.now();
      await updateProgress(dataDir, (p) => ({
        ...p,
        lastError: null,
        pending: {
          kind,
          scepUrl: meta.scepUrl ?? '',
          caFingerprint: meta.caFingerprint ?? '',
          transactionId: pending.transactionId,
          signerCertDer: pending.signer.certDer,
          subjectCn: pending.subjectCn,
          startedAt: now.toISOString(),
          polls: 0,
          nextPollAt: new Date(now.getTime() + FIRST_POLL_MS).toISOString(),
        },
      }));
    });
    deps.changed();
  }

  /** GetCertInitial for a PENDING request, when its time has come; gives up after MAX_POLLS. */
  async function pollPending(actor: AuditActor): Promise<void> {
    const { pending } = await readProgress(dataDir);
    if (pending === null || Date.parse(pending.nextPollAt) > clock.now().getTime() || busy !== null) return;
    const keyPem = await readPendingKey(dataDir);
    const current = await readIdentity(dataDir);
    if (keyPem === null) {
      await updateProgress(dataDir, (p) => ({ ...p, pending: null }));
      return;
    }
    await exclusive(pending.kind === 'enroll' ? 'enrolling' : 'renewing', async () => {
      try {
        const { connectToCa, pollCertificate } = await scep();
        const ca = await connectToCa(pending.scepUrl, pending.caFingerprint);
        const signerKey = pending.kind === 'renew' && current ? current.keyPem : keyPem;
        const answer = await pollCertificate(ca, { transactionId: pending.transactionId, signer: { certDer: pending.signerCertDer }, subjectCn: pending.subjectCn }, keyPem, signerKey);
        if (answer !== 'pending') {
          const meta: IdentityMeta = { source: 'scep', scepUrl: pending.scepUrl, caFingerprint: pending.caFingerprint, storedAt: clock.now().toISOString() };
          return await stored(answer, keyPem, meta, pending.kind === 'enroll' ? 'identity-enrolled' : 'identity-renewed', actor);
        }
        const polls = pending.polls + 1;
        if (polls >= MAX_POLLS) {
          await dropPendingKey(dataDir);
          await updateProgress(dataDir, (p) => ({ ...p, pending: null }));
          throw new ThinCertError('scep-refused', `The CA refused the request: it was still pending after ${MAX_POLLS} polls.`, { failInfo: 'still pending' });
        }
        const wait = Math.min(MAX_POLL_MS, FIRST_POLL_MS * 2 ** polls);
        await updateProgress(dataDir, (p) => ({ ...p, pending: { ...pending, polls, nextPollAt: new Date(clock.now().getTime() + wait).toISOString() } }));
      } catch (error) {
        return failed(error, actor, pending.kind, pending.scepUrl);
      }
    });
  }

  async function importPkcs12(bytes: Uint8Array, password: string, actor: AuditActor): Promise<IdentityView> {
    // Read and checked whole before anything is written: a refusal changes nothing.
    const { readPkcs12 } = await import('./pkcs12');
    const parsed = readPkcs12(bytes, password);
    if (!keyMatches(parsed.certPem, parsed.keyPem)) throw new ThinCertError('p12-key-mismatch', 'The private key in this PKCS#12 file does not belong to its certificate; nothing was stored.');
    await exclusive('enrolling', async () => {
      const meta: IdentityMeta = { source: 'pkcs12', scepUrl: null, caFingerprint: null, storedAt: clock.now().toISOString() };
      await withIdentityLock(dataDir, () => storeIdentity(dataDir, { ...parsed, meta }));
      await updateProgress(dataDir, () => ({ pending: null, lastError: null, renewal: { failures: 0, nextAttemptAt: null } }));
      await dropPendingKey(dataDir);
      await deps.audit.append('identity-imported', actor, { ...recordOf(new X509Certificate(parsed.certPem)), scepUrl: null });
    });
    return view();
  }

  async function remove(actor: AuditActor): Promise<IdentityView> {
    const policy = await policyInForce();
    if (policy.identity !== null) {
      throw new ThinCertError('managed', `This device’s certificate is set by the policy of ${policy.admin ?? 'the administrator'}.`, { admin: policy.admin ?? 'the administrator' });
    }
    await exclusive('enrolling', async () => {
      const current = await readIdentity(dataDir);
      await withIdentityLock(dataDir, async () => {
        await removeIdentity(dataDir);
        await dropPendingKey(dataDir);
        await updateProgress(dataDir, () => ({ pending: null, lastError: null, renewal: { failures: 0, nextAttemptAt: null } }));
      });
      if (current !== null) await deps.audit.append('identity-removed', actor, { ...recordOf(current.leaf), scepUrl: current.meta.scepUrl });
    });
    return view();
  }

  /** The SCEP CA's certificate for the operator to confirm; nothing is stored or sent but GetCACert. */
  async function caPreview(scepUrl: string): Promise<Certificate> {
    const { pickCa, getCaCertificates } = await scep();
    const ca = pickCa(await getCaCertificates(scepUrl), null);
    return viewOfDetails(detailsOf(ca), clock.now());
  }

  /**
   * The background's turn (the Service's timer): resume a PENDING request,
   * enroll where the policy asks and there is no identity, renew once the
   * window opened, with the failures' backoff.
   */
  async function tick(): Promise<void> {
    const progress = await readProgress(dataDir);
    if (progress.pending !== null) return pollPending('system');
    const current = await readIdentity(dataDir);
    const policy = await policyInForce();
    const now = clock.now();
    const retryAt = progress.renewal.nextAttemptAt === null ? 0 : Date.parse(progress.renewal.nextAttemptAt);
    if (now.getTime() < retryAt) return;
    if (current === null) {
      const wanted = policy.identity;
      if (wanted === null) return;
      await enroll({ scepUrl: wanted.scepUrl, challenge: wanted.challenge ?? '', caFingerprint: wanted.caFingerprint, ...(wanted.cn ? { cn: wanted.cn } : {}), san: wanted.san }, 'policy').catch(() =>
        updateProgress(dataDir, (p) => ({ ...p, renewal: { failures: p.renewal.failures + 1, nextAttemptAt: nextRenewalAttempt(p.renewal.failures + 1, now) } })),
      );
      return;
    }
    if (current.meta.source !== 'scep') return;
    const due = renewAt(policy.window, new Date(current.leaf.validFrom), new Date(current.leaf.validTo));
    if (now.getTime() < due.getTime() || now.getTime() > Date.parse(current.leaf.validTo)) return;
    await renew('system').catch(() => undefined);
  }

  function nextRenewalAttempt(failures: number, from: Date = clock.now()): string {
    // 5 min doubling per failure, capped at 6 h.
    return new Date(from.getTime() + Math.min(6 * 3_600_000, 5 * 60_000 * 2 ** Math.max(0, failures - 1))).toISOString();
  }

  return {
    view,
    enroll,
    renew,
    importPkcs12,
    importFromMedia: async (path: string, password: string, actor: AuditActor) => importPkcs12(await readFromMedia(path, await deps.mediaDirs()), password, actor),
    remove,
    caPreview,
    tick,
  };
}

export type IdentityCapability = ReturnType<typeof createIdentity>;

function stateOf(busy: Busy, progress: Progress, identity: StoredIdentity | null, now: Date): IdentityState {
  if (busy !== null) return busy;
  if (progress.pending !== null) return 'pending';
  if (identity === null) return 'none';
  return now.getTime() > Date.parse(identity.leaf.validTo) ? 'expired' : 'valid';
}

function certificateOf(leaf: X509Certificate): IdentityView['certificate'] {
  const details = detailsOf(Buffer.from(leaf.raw));
  return { subject: details.subject, issuer: details.issuer, serial: details.serial, notBefore: details.notBefore, notAfter: details.notAfter, fingerprint: details.fingerprint };
}

/** What the trail says of a certificate: never the key. */
function recordOf(leaf: X509Certificate): { subject: string; issuer: string; serial: string; fingerprint: string; notAfter: string } {
  const { subject, issuer, serial, fingerprint, notAfter } = certificateOf(leaf) as NonNullable<IdentityView['certificate']>;
  return { subject, issuer, serial, fingerprint, notAfter };
}

function subjectOf(leaf: X509Certificate): { cn: string; san: string[] } {
  const details = detailsOf(Buffer.from(leaf.raw));
  const cn = /(?:^|,\s*)CN=([^,]+)/.exec(details.subject)?.[1] ?? hostname();
  return { cn, san: details.subjectAltNames.filter((name) => /^(DNS|IP):/.test(name)) };
}

function pemOf(der: Buffer): string {
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

export type { PendingEnrollment };

/**
 * SCEP's CMS, CSR and PKCS#12 code (node-forge, @peculiar/asn1-*) loads on
 * first use: every CLI command builds the Service, and only identity commands
 * need it (issue 14's whole-process goals).
 */
async function scep() {
  const [client, csr, request] = await Promise.all([import('./scep/client'), import('./scep/csr'), import('./scep/request')]);
  return { ...client, ...csr, ...request };
}
