/** PROTOCOL.md §4.5–§4.6: the operator types the replacement code the administrator gave. */
import { codesEqual, normaliseCode, replacementCode } from './codes';
import type { ManagementDeps } from './deps';
import { outOfDateRefusal } from './leaf-dates';
import { attemptsLeft, lockedUntil, recordCorrect, recordWrong, settle } from './lockout';
import { codeMalformed, codeWrong, lockedOut, noDeviceKey, noReplacementPending, notEnrolled } from './management-errors';
import { derOfSinglePem, parseFingerprint } from './protocol-certificate';
import { readDeviceKey, readRecord, updateRecord, withHistory } from './state';
import { isEnrolled } from './status';
import { pinLeaf } from './store-entries';

type Judgement = { kind: 'locked'; until: string } | { kind: 'wrong'; attemptsLeft: number; lockedUntil: string | null } | { kind: 'replaced' };

/**
 * Checks `input` against the §4.4 code for the pending certificate and, on a
 * match, pins it. Throws `code-malformed` (not counted), `locked-out`,
 * `code-wrong` (counted); returns normally once the new certificate is pinned.
 */
export async function replace(deps: ManagementDeps, input: string): Promise<void> {
  const first = await readRecord(deps.dataDir);
  if (!isEnrolled(first)) throw notEnrolled();
  if (first.pending === null) throw noReplacementPending();
  const deviceKey = await readDeviceKey(deps.dataDir);
  if (deviceKey === null) throw noDeviceKey();
  // Rule 1: a certificate out of its validity is never pinned, whatever the code;
  // refused before the code is judged, so it costs no attempt.
  const pendingDer = derOfSinglePem(first.pending.pem);
  const outOfDate = pendingDer === null ? null : outOfDateRefusal(pendingDer, deps.clock.now());
  if (outOfDate !== null) throw outOfDate;
  // §4.5: anything but 8 digits is refused before it can count as an attempt.
  const entered = normaliseCode(input);
  if (entered === null) throw codeMalformed();

  // Judge and count under the folder lock, so the app and the CLI entering codes
  // at the same moment cannot both get a "free" attempt (§4.6).
  const judgement = await updateRecord<Judgement>(deps.dataDir, async (fresh) => {
    const now = deps.clock.now();
    const pending = fresh.pending;
    if (pending === null || fresh.pinned === null) throw noReplacementPending();
    const attempts = settle(fresh, now);
    const until = lockedUntil(attempts, now);
    if (until !== null) {
      return { record: attempts === fresh ? null : { ...fresh, ...attempts }, result: { kind: 'locked', until: until.toISOString() } };
    }
    const digest = parseFingerprint(pending.fingerprint);
    const der = derOfSinglePem(pending.pem);
    if (digest === null || der === null) throw noReplacementPending();

    if (!codesEqual(replacementCode(deviceKey, digest), entered)) {
      const counted = recordWrong(attempts, now);
      return {
        record: { ...fresh, ...counted },
        result: { kind: 'wrong', attemptsLeft: attemptsLeft(counted), lockedUntil: counted.lockedUntil },
      };
    }

    await deps.store.update((state) => ({ state: pinLeaf(state, der, 'replacement', now), result: null }));
    return {
      record: {
        ...fresh,
        ...recordCorrect(),
        pinned: { fingerprint: pending.fingerprint, pem: pending.pem },
        // The old pin is history, never trusted again (§4.5).
        history: withHistory(fresh, { ...fresh.pinned, until: now.toISOString(), reason: 'replaced' }),
        pending: null,
        next: fresh.next?.fingerprint === pending.fingerprint ? null : fresh.next,
        lastFailure: null,
      },
      result: { kind: 'replaced' },
    };
  });

  if (judgement.kind === 'locked') throw lockedOut(judgement.until);
  if (judgement.kind === 'wrong') throw codeWrong(judgement.attemptsLeft, judgement.lockedUntil);
}
