/** PROTOCOL.md §1: first contact, pinning the operator-confirmed leaf and sharing K. */
import { randomBytes } from 'node:crypto';
import { DEFAULT_PORTS } from '../../../app/purposes';
import type { ManagementDeps } from './deps';
import type { ThinCertError } from '../errors';
import { outOfDateRefusal } from './leaf-dates';
import { alreadyEnrolled, deviceIdInvalid, deviceIdTaken, fingerprintMalformed, fingerprintMismatch, moveFromMismatch, serverRefused } from './management-errors';
import { digestOf, parseFingerprint, pemOfDer, showFingerprint } from './protocol-certificate';
import { pinnedExchange, presentedLeaf, type Endpoint } from './pinned-connection';
import { DEVICE_ID_PATTERN, enrollCall } from './requests';
import { emptyRecord, readDeviceKey, readRecord, updateRecord, withHistory, writeDeviceKey, type ManagementRecord } from './state';
import { isEnrolled } from './status';
import { pinLeaf } from './store-entries';

export interface ServerAddress {
  host: string;
  port?: number;
  connectTo?: string;
}

export interface EnrollRequest extends ServerAddress {
  /** F of the leaf the operator confirmed (§1.2); colons optional. */
  acceptFingerprint: string;
  deviceId?: string;
  /**
   * The server the device is enrolled with now, named by the administrator to
   * move it to another one (CLI `--move-from-server`). No channel carries it:
   * the kiosk and the web host can only enroll a device that is not enrolled.
   */
  moveFrom?: { host: string; port: number };
}

/** §1.3 "409: pick another id and retry" — a few times; more collisions mean something else is wrong. */
const MAX_ID_ATTEMPTS = 5;

export function endpointOf(address: ServerAddress): Endpoint {
  return { host: address.host, port: address.port ?? DEFAULT_PORTS.ksc, connectTo: address.connectTo ?? null };
}

/** §1.2: the leaf to show the operator; nothing is sent and nothing stored. */
export async function previewServer(deps: ManagementDeps, address: ServerAddress): Promise<{ der: Buffer; fingerprint: string }> {
  const der = await presentedLeaf(endpointOf(address), deps.timeoutMs);
  return { der, fingerprint: showFingerprint(digestOf(der)) };
}

/** A fresh deviceId: `tc-` and 8 random hex digits (fits PROTOCOL.md's 1–64 [A-Za-z0-9._-]). */
export function newDeviceId(): string {
  return `tc-${randomBytes(4).toString('hex')}`;
}

/**
 * Enrolls over a connection pinned to exactly the confirmed leaf. §1.4: nothing
 * is stored until the server answered 201 — a refusal anywhere before leaves
 * the device exactly as it was (an earlier enrollment included).
 */
export async function enroll(deps: ManagementDeps, request: EnrollRequest): Promise<void> {
  const confirmed = parseFingerprint(request.acceptFingerprint);
  if (confirmed === null) throw fingerprintMalformed();
  if (request.deviceId !== undefined && !DEVICE_ID_PATTERN.test(request.deviceId)) throw deviceIdInvalid(request.deviceId);
  const endpoint = endpointOf(request);
  // Refused before any connection: the server must not even learn of a device id.
  refuseReenrollment(await readRecord(deps.dataDir), (await readDeviceKey(deps.dataDir)) !== null, request, endpoint);
  const deviceKey = randomBytes(32);
  // Rule 1: a pin counts only within its validity, so an out-of-date leaf is never pinned.
  const seen: { outOfDate: ThinCertError | null } = { outOfDate: null };
  const accept = (leaf: Buffer) => {
    if (!digestOf(leaf).equals(confirmed)) return false;
    seen.outOfDate = outOfDateRefusal(leaf, deps.clock.now());
    return seen.outOfDate === null;
  };

  for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt += 1) {
    const deviceId = request.deviceId ?? newDeviceId();
    const outcome = await pinnedExchange(endpoint, accept, enrollCall(deviceId, deviceKey), deps.timeoutMs);
    if (outcome.kind === 'refused') {
      throw seen.outOfDate ?? fingerprintMismatch(showFingerprint(digestOf(outcome.leaf)), showFingerprint(confirmed));
    }
    if (outcome.status === 201) {
      await commitEnrollment(deps, request, endpoint, deviceId, deviceKey, outcome.leaf);
      return;
    }
    if (outcome.status !== 409) throw serverRefused('the enrollment', outcome.status);
    // An id the operator chose is theirs to change; a generated one we simply draw again.
    if (request.deviceId !== undefined) throw deviceIdTaken(deviceId);
  }
  throw deviceIdTaken('(several generated ids)');
}

/**
 * Issue 13: whoever holds the `enroll` channel (the renderer, the web host's
 * token) must not move a device to another server, leaving managed mode and
 * resetting the code lockout on the way. Enrolled means refused, except:
 * - the administrator names the current server (`moveFrom`, CLI only);
 * - the device key is lost and the operator enrolls with the same server again,
 *   the recovery PROTOCOL.md §4 offers (without K nothing reaches the server).
 */
function refuseReenrollment(record: ManagementRecord, hasKey: boolean, request: EnrollRequest, endpoint: Endpoint): void {
  const current = isEnrolled(record) ? record.server : null;
  if (request.moveFrom !== undefined) {
    const named = `${request.moveFrom.host}:${request.moveFrom.port}`;
    if (current === null) throw moveFromMismatch(named, null);
    if (!sameServer(request.moveFrom, current)) throw moveFromMismatch(named, `${current.host}:${current.port}`);
    return;
  }
  if (current === null) return;
  if (!hasKey && sameServer(endpoint, current)) return;
  throw alreadyEnrolled(`${current.host}:${current.port}`);
}

function sameServer(a: { host: string; port: number }, b: { host: string; port: number }): boolean {
  const bare = (host: string) => host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return a.port === b.port && bare(a.host) === bare(b.host);
}

async function commitEnrollment(
  deps: ManagementDeps,
  request: EnrollRequest,
  endpoint: Endpoint,
  deviceId: string,
  deviceKey: Buffer,
  leaf: Buffer,
): Promise<void> {
  const now = deps.clock.now();
  const fingerprint = showFingerprint(digestOf(leaf));
  await updateRecord(deps.dataDir, async (record) => {
    // Again under the lock: another process may have enrolled since the first look.
    refuseReenrollment(record, (await readDeviceKey(deps.dataDir)) !== null, request, endpoint);
    // Three files cannot change as one. The store goes first: it is the write most
    // likely to be refused (another process holding its lock), and refusing there
    // leaves K and state.json of an earlier enrollment intact. K precedes state.json,
    // because a state.json naming a device whose key is not written yet would be worse.
    await deps.store.update((state) => ({ state: pinLeaf(state, leaf, 'enrollment', now), result: null }));
    await writeDeviceKey(deps.dataDir, deviceKey);
    const history =
      record.pinned !== null && record.pinned.fingerprint !== fingerprint
        ? withHistory(record, { ...record.pinned, until: now.toISOString(), reason: 're-enrolled' })
        : record.history;
    return {
      // A new enrollment starts from an empty record (a new revision sequence, no failures, no lock); the history
      // and the ownership map stay, so the first policy of the new enrollment cleans up the old one's certificates.
      record: {
        ...emptyRecord(),
        server: { host: endpoint.host, port: endpoint.port, connectTo: endpoint.connectTo },
        deviceId,
        enrolledAt: now.toISOString(),
        pinned: { fingerprint, pem: pemOfDer(leaf) },
        history,
        policyOwned: record.policyOwned,
      },
      result: null,
    };
  });
}
