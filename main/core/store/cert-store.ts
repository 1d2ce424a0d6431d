import { mkdirSync, statSync } from 'node:fs';
import { systemClock, type Clock } from '../clock';
import { planTrustFiles } from './bundles';
import { invalidChange, keepAside, storeDamaged, storeTooNew } from './damage';
import type { DirLockOptions } from './dir-lock';
import { readFileIfExists, withDirLock, writeFilesDurable } from './durable-file';
import { storeFilePath } from './layout';
import { removeOrphanedTempFiles } from './leftovers';
import { decodeOwnWrite, decodeStore, encodeStore } from './store-codec';
import { certificatesProblem } from './store-shape';
import { STORE_SCHEMA_VERSION, type CertStore, type StoreState } from './types';
import { everyStored, type TrustMembersSource } from './trust-members';

export interface CertStoreOptions {
  /** Names the kept-aside copy of a damaged file. */
  clock?: Clock;
  lock?: DirLockOptions;
  /** What the trust files hold (trust-members.ts); default every stored certificate. */
  trustMembers?: TrustMembersSource;
}

/**
 * A store that also says with which rule its trust files are written, so a
 * refresh uses the same one. Optional so a wrapping store (one that only
 * guards `update`) stands in for it where certificates are changed.
 */
export interface OpenedCertStore extends CertStore {
  readonly trustMembers?: TrustMembersSource;
}

/** The data folder holds which certificates are trusted for what: nobody else needs to list it. */
const DIR_MODE = 0o700;
const STORE_MODE = 0o600;

/**
 * The system store (ARCHITECTURE.md, "The store"). Opening touches nothing on
 * disk: the folder is created by the first update, so a read-only command on
 * a fresh device leaves no trace.
 */
export function openCertStore(dir: string, options: CertStoreOptions = {}): OpenedCertStore {
  const clock = options.clock ?? systemClock;
  const trustMembers = options.trustMembers ?? (async () => everyStored);
  const path = storeFilePath(dir);

  /**
   * The last decoded version, kept while store.json is the same file: every
   * write replaces it by rename, so a new inode (or size or mtime) means a new
   * version. A long-running host lists often; parsing megabytes each time would
   * be the whole cost of a list (issue 8).
   */
  let cached: { stamp: string; state: StoreState } | null = null;
  const stampOf = (info: { ino: number; size: number; mtimeMs: number }) => `${info.ino}:${info.size}:${info.mtimeMs}`;

  // Lock-free: every write replaces store.json by rename, so one read sees one whole version.
  async function read(): Promise<StoreState> {
    const info = statSync(path, { throwIfNoEntry: false }) ?? null;
    if (info === null) return { schemaVersion: STORE_SCHEMA_VERSION, certificates: {} };
    if (cached && cached.stamp === stampOf(info)) return cached.state;
    const bytes = await readFileIfExists(path);
    if (bytes === null) return { schemaVersion: STORE_SCHEMA_VERSION, certificates: {} };
    const decoded = decodeStore(bytes);
    // Only a read whose size matches the stat may be cached: otherwise a writer slipped in between.
    if (decoded.ok && bytes.length === info.size) cached = { stamp: stampOf(info), state: decoded.state };
    if (decoded.ok) return decoded.state;
    const copy = await keepAside(path, bytes, clock);
    throw decoded.problem === 'too-new' ? storeTooNew(path, decoded.schemaVersion, copy) : storeDamaged(path, decoded.reason, copy);
  }

  /**
   * After our own write, under the lock: the next read (the audit's look
   * after the change) takes the state from what was written instead of
   * reading and parsing store.json again.
   */
  async function remember(encoded: string): Promise<void> {
    const info = statSync(path, { throwIfNoEntry: false });
    if (info === undefined || Buffer.byteLength(encoded) !== info.size) return;
    cached = { stamp: stampOf(info), state: decodeOwnWrite(encoded) };
  }

  async function update<T>(change: (state: StoreState) => { state: StoreState | null; result: T }): Promise<T> {
    mkdirSync(dir, { recursive: true, mode: DIR_MODE });
    return withDirLock(
      dir,
      async () => {
        // Re-read under the lock: another process may have written since any earlier read.
        const { state, result } = change(await read());
        if (state !== null) {
          // A change that the next read would call damage must not reach the disk: it would shut the store.
          const problem = certificatesProblem(state.certificates);
          if (problem !== null) throw invalidChange(path, problem);
          // Before store.json: a rule that cannot be read refuses the change instead of leaving it half done.
          const [member, swept] = await Promise.allSettled([trustMembers(), removeOrphanedTempFiles(dir)]);
          if (member.status === 'rejected') throw member.reason;
          if (swept.status === 'rejected') throw swept.reason;
          const trustFiles = await planTrustFiles(dir, state, { member: member.value });
          const encoded = encodeStore(state);
          // One fsync round for all (issue 14); the trust files replace theirs only once
          // store.json is on disk, so a crash between leaves them at worst one change behind.
          await writeFilesDurable([
            { files: [{ path, data: encoded, mode: STORE_MODE }] },
            { files: trustFiles.files, before: trustFiles.writeInPlace },
          ]);
          await remember(encoded);
        }
        return result;
      },
      options.lock,
    );
  }

  return { dir, read, update, trustMembers };
}
