/**
 * PROTOCOL.md §2–§4 from the client's side: fetch the policy over a connection
 * pinned to the current certificate or the announced next one, apply it, and
 * notice a certificate nobody announced (→ replacement required, §4.1).
 */
import { ThinCertError } from '../errors';
import { confirmationCode, formatCode } from './codes';
import type { ManagementDeps } from './deps';
import { clockIsWrong } from '../trust/validity';
import { clockWrong, leafDates } from './leaf-dates';
import { deviceRejected, noDeviceKey, notEnrolled, policyRejected, replacementRequired, replacementRequiredOutOfDate, serverRefused } from './management-errors';
import { derOfSinglePem, digestOf, pemOfDer, showFingerprint } from './protocol-certificate';
import { pinnedExchange, type PinnedOutcome } from './pinned-connection';
import { parsePolicy, type Policy } from './policy';
import { policyCall } from './requests';
import { readDeviceKey, readRecord, updateRecord, withHistory, type ManagementRecord } from './state';
import { isEnrolled } from './status';
import { applyPolicyCertificates, pinLeaf } from './store-entries';

/** Fetches and applies the policy; throws a ThinCertError saying why when it cannot. */
export async function sync(deps: ManagementDeps): Promise<void> {
  const record = await readRecord(deps.dataDir);
  if (!isEnrolled(record) || record.server === null || record.deviceId === null || record.pinned === null) throw notEnrolled();
  const deviceKey = await readDeviceKey(deps.dataDir);
  if (deviceKey === null) throw noDeviceKey();

  // §3/§4: exactly the pin or the announced next certificate, and only within its
  // validity (rules 1 and 5); anything else is never used.
  const trusted = new Set([record.pinned.fingerprint, ...(record.next === null ? [] : [record.next.fingerprint])]);
  const now = deps.clock.now();
  let outcome: PinnedOutcome;
  try {
    outcome = await pinnedExchange(
      record.server,
      (leaf) => trusted.has(showFingerprint(digestOf(leaf))) && leafDates(leaf, now).state === 'valid',
      policyCall(record.deviceId, deviceKey, deps.clock.now()),
      deps.timeoutMs,
    );
  } catch (error) {
    if (error instanceof ThinCertError) await noteFailure(deps, error);
    throw error;
  }

  if (outcome.kind === 'refused') {
    const digest = digestOf(outcome.leaf);
    const dates = leafDates(outcome.leaf, now);
    if (dates.state !== 'valid' && clockIsWrong(now)) {
      // The dates say nothing while the clock is before the build date: no replacement on their word.
      const refused = clockWrong(now);
      await noteFailure(deps, refused);
      throw refused;
    }
    // Rule 5: an expired pin starts the replacement flow like an unannounced certificate does.
    await keepPending(deps, outcome.leaf);
    if (dates.state !== 'valid') throw replacementRequiredOutOfDate(showFingerprint(digest), dates.notBefore, dates.notAfter, dates.state === 'expired');
    throw replacementRequired(showFingerprint(digest), formatCode(confirmationCode(deviceKey, digest)));
  }

  const presented = showFingerprint(digestOf(outcome.leaf));
  if (record.next !== null && presented === record.next.fingerprint) await promoteAnnounced(deps, outcome.leaf);

  if (outcome.status === 401) {
    const refused = deviceRejected();
    await noteFailure(deps, refused);
    throw refused;
  }
  if (outcome.status !== 200) {
    const refused = serverRefused('the policy request', outcome.status);
    await noteFailure(deps, refused);
    throw refused;
  }

  const verdict = parsePolicy(outcome.body);
  if (!verdict.ok) {
    // §3: the previous policy stays in force; the reason is shown on the status screen.
    await updateRecord(deps.dataDir, async (fresh) => ({ record: { ...reached(fresh, deps), policyError: verdict.reason }, result: null }));
    throw policyRejected(verdict.reason);
  }
  await applyPolicy(deps, verdict.policy);
}

/** A good exchange with a trusted server: the last failure and any stale pending certificate go. */
function reached(record: ManagementRecord, deps: ManagementDeps): ManagementRecord {
  // A pending certificate seen earlier (an interceptor, or a rotation since rolled back)
  // is moot once the pinned server answers again; the attempt counters stay (§4.6).
  return { ...record, lastSync: deps.clock.now().toISOString(), lastFailure: null, pending: null };
}

async function applyPolicy(deps: ManagementDeps, policy: Policy): Promise<void> {
  const now = deps.clock.now();
  await updateRecord(deps.dataDir, async (fresh) => {
    const base = reached(fresh, deps);
    // §3: a policy with a lower revision than the applied one is ignored.
    if (fresh.policy !== null && policy.revision < fresh.policy.revision) return { record: base, result: null };
    const owned = await deps.store.update((state) => {
      const applied = applyPolicyCertificates(state, policy, fresh.policyOwned, now);
      return { state: applied.state, result: applied.owned };
    });
    return { record: { ...base, policy, policyOwned: owned, policyError: null, next: announcedNext(policy, base) }, result: null };
  });
}

/** §3 nextManagementCertificate, unless it is the certificate already pinned. */
function announcedNext(policy: Policy, record: ManagementRecord): ManagementRecord['next'] {
  if (policy.nextManagementCertificate === null) return null;
  const der = derOfSinglePem(policy.nextManagementCertificate);
  if (der === null) return null;
  const fingerprint = showFingerprint(digestOf(der));
  return fingerprint === record.pinned?.fingerprint ? null : { fingerprint, pem: pemOfDer(der) };
}

/**
 * §3 seamless rotation: the server presents the certificate it announced, so it
 * becomes the pin (store source `replacement`); the old pin is kept in
 * state.json history and loses `ksc` trust.
 */
async function promoteAnnounced(deps: ManagementDeps, leaf: Buffer): Promise<void> {
  const now = deps.clock.now();
  const fingerprint = showFingerprint(digestOf(leaf));
  await updateRecord(deps.dataDir, async (fresh) => {
    if (fresh.next?.fingerprint !== fingerprint || fresh.pinned === null) return { record: null, result: null };
    await deps.store.update((state) => ({ state: pinLeaf(state, leaf, 'replacement', now), result: null }));
    return {
      record: {
        ...fresh,
        pinned: { fingerprint, pem: pemOfDer(leaf) },
        next: null,
        history: withHistory(fresh, { ...fresh.pinned, until: now.toISOString(), reason: 'rotated' }),
      },
      result: null,
    };
  });
}

/** §4.1: the unknown leaf is kept on disk so a reboot shows the same codes. */
async function keepPending(deps: ManagementDeps, leaf: Buffer): Promise<void> {
  const fingerprint = showFingerprint(digestOf(leaf));
  await updateRecord(deps.dataDir, async (fresh) => {
    const pending = fresh.pending?.fingerprint === fingerprint ? fresh.pending : { fingerprint, pem: pemOfDer(leaf), seenAt: deps.clock.now().toISOString() };
    return { record: { ...fresh, pending, lastFailure: null }, result: null };
  });
}

async function noteFailure(deps: ManagementDeps, error: ThinCertError): Promise<void> {
  await updateRecord(deps.dataDir, async (fresh) => ({
    record: { ...fresh, lastFailure: { at: deps.clock.now().toISOString(), code: error.code, message: error.message } },
    result: null,
  }));
}
