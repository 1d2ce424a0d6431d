/**
 * The management state on disk, `<dataDir>/management/` (mode 0700):
 * - `state.json`: everything the client knows about its server (below);
 * - `device.key`: K, 32 raw bytes, mode 0600 (PROTOCOL.md, Terms: never shown,
 *   never logged, never sent again). It is a file of its own so that state.json
 *   can be read, copied into a bug report or shown without carrying the secret.
 * Every write is atomic and durable (write, fsync, rename, fsync the folder);
 * read-modify-write runs under the folder's cross-process lock so the app and
 * the CLI never lose each other's attempt counts (§4.6).
 */
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { PurposeSchema, SourceSchema } from '../../../app/schemas';
import { readFileIfExists, withDirLock, writeFileDurable } from '../store/durable-file';
import { assertSafeFolder } from '../store/safe-folder';
import { ThinCertError } from '../errors';
import { PolicySchema } from './policy';

export const MANAGEMENT_FOLDER = 'management';
export const STATE_FILE = 'state.json';
export const DEVICE_KEY_FILE = 'device.key';
const FOLDER_MODE = 0o700;
const STATE_MODE = 0o600;
const KEY_MODE = 0o600;
const KEY_BYTES = 32;
const STATE_VERSION = 1;

const KnownCertificateSchema = v.object({
  /** F, upper-case hex pairs joined by ':'. */
  fingerprint: v.string(),
  pem: v.string(),
});

const StateSchema = v.object({
  version: v.literal(STATE_VERSION),
  /** Where the server is; connectTo is the TCP address when it differs from the TLS name (CLI.md). */
  server: v.nullable(v.object({ host: v.string(), port: v.number(), connectTo: v.nullable(v.string()) })),
  deviceId: v.nullable(v.string()),
  enrolledAt: v.nullable(v.string()),
  /** The one management certificate trusted now (§1). */
  pinned: v.nullable(KnownCertificateSchema),
  /** §3 nextManagementCertificate: accepted silently once the server presents it. */
  next: v.nullable(KnownCertificateSchema),
  /** §4.1: the unknown certificate the server presented, kept so a reboot shows the same codes. */
  pending: v.nullable(v.object({ ...KnownCertificateSchema.entries, seenAt: v.string() })),
  /** Management certificates trusted before, newest last; history only, never trusted again (§4.5). */
  history: v.array(
    v.object({
      ...KnownCertificateSchema.entries,
      until: v.string(),
      reason: v.picklist(['replaced', 'rotated', 're-enrolled']),
    }),
  ),
  failedAttempts: v.number(),
  lockedUntil: v.nullable(v.string()),
  lastSync: v.nullable(v.string()),
  /** Why the last sync could not reach the server (state `unreachable`); null after a good sync. */
  lastFailure: v.nullable(v.object({ at: v.string(), code: v.string(), message: v.string() })),
  policyError: v.nullable(v.string()),
  /** The policy in force (§3): the last one that passed validation. */
  policy: v.nullable(PolicySchema),
  /**
   * Store entries the policy owns, by fingerprint, with what they were before
   * the policy took them over, so that dropping a certificate from the policy
   * gives an operator's own certificate back instead of deleting it.
   */
  policyOwned: v.record(
    v.string(),
    v.object({ previousSource: v.nullable(SourceSchema), previousPurposes: v.array(PurposeSchema) }),
  ),
});

export type ManagementRecord = v.InferOutput<typeof StateSchema>;
export type KnownCertificate = v.InferOutput<typeof KnownCertificateSchema>;

export function emptyRecord(): ManagementRecord {
  return {
    version: STATE_VERSION,
    server: null,
    deviceId: null,
    enrolledAt: null,
    pinned: null,
    next: null,
    pending: null,
    history: [],
    failedAttempts: 0,
    lockedUntil: null,
    lastSync: null,
    lastFailure: null,
    policyError: null,
    policy: null,
    policyOwned: {},
  };
}

export function managementDir(dataDir: string): string {
  return join(dataDir, MANAGEMENT_FOLDER);
}

/** The state file's contents; a missing file is a device that never enrolled. */
export async function readRecord(dataDir: string): Promise<ManagementRecord> {
  const path = join(managementDir(dataDir), STATE_FILE);
  const bytes = await readFileIfExists(path);
  if (bytes === null) return emptyRecord();
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw damaged(path, 'not JSON');
  }
  const parsed = v.safeParse(StateSchema, json);
  if (!parsed.success) throw damaged(path, parsed.issues[0]?.message ?? 'unexpected shape');
  return parsed.output;
}

/**
 * Runs `change` on the freshest record under the folder's lock and writes what
 * it returns (null: nothing to write). Throwing inside leaves the file as it was.
 */
export async function updateRecord<T>(
  dataDir: string,
  change: (record: ManagementRecord) => Promise<{ record: ManagementRecord | null; result: T }>,
): Promise<T> {
  const dir = await ensureDir(dataDir);
  return withDirLock(dir, async () => {
    const { record, result } = await change(await readRecord(dataDir));
    if (record !== null) await writeRecord(dataDir, record);
    return result;
  });
}

async function writeRecord(dataDir: string, record: ManagementRecord): Promise<void> {
  const path = join(managementDir(dataDir), STATE_FILE);
  await writeFileDurable(path, `${JSON.stringify(record, null, 2)}\n`, { mode: STATE_MODE });
}

async function ensureDir(dataDir: string): Promise<string> {
  const dir = managementDir(dataDir);
  await mkdir(dir, { recursive: true, mode: FOLDER_MODE });
  // chmod follows links: a planted management/ link would hand our mode to another folder (hole 9).
  await assertSafeFolder(dir);
  // mkdir's mode is filtered by the umask and ignored for an existing folder.
  await chmod(dir, FOLDER_MODE);
  return dir;
}

/**
 * K, or null when the file is missing or is not 32 bytes (raw, or base64 of 32
 * bytes for a key restored by hand): the client then says "no device key" and
 * offers re-enrollment (§4, last paragraph).
 */
export async function readDeviceKey(dataDir: string): Promise<Buffer | null> {
  const bytes = await readFileIfExists(join(managementDir(dataDir), DEVICE_KEY_FILE));
  if (bytes === null) return null;
  if (bytes.length === KEY_BYTES) return bytes;
  const text = bytes.toString('ascii').trim();
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) {
    const decoded = Buffer.from(text, 'base64');
    if (decoded.length === KEY_BYTES) return decoded;
  }
  return null;
}

/** Writes K with mode 0600 (PROTOCOL.md, Terms); the caller holds the folder lock. */
export async function writeDeviceKey(dataDir: string, key: Buffer): Promise<void> {
  if (key.length !== KEY_BYTES) throw new RangeError('K is 32 bytes');
  const dir = await ensureDir(dataDir);
  await writeFileDurable(join(dir, DEVICE_KEY_FILE), key, { mode: KEY_MODE });
}

function damaged(path: string, reason: string): ThinCertError {
  return new ThinCertError(
    'management-state-damaged',
    `The management state in ${path} cannot be read (${reason}). Enroll the device again.`,
    { path, reason },
  );
}

/** Old pins kept for the record; enough to trace a few rotations without growing forever. */
const MAX_HISTORY = 20;

/** The record's history with `entry` appended (oldest dropped past MAX_HISTORY). */
export function withHistory(
  record: ManagementRecord,
  entry: ManagementRecord['history'][number],
): ManagementRecord['history'] {
  return [...record.history, entry].slice(-MAX_HISTORY);
}
