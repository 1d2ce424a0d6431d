import { closeSync, constants, fchmodSync, fstatSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { randomInt } from 'node:crypto';
import { dirname } from 'node:path';
import { ThinCertError } from '../errors';
import { assertSafeFolders } from './safe-folder';
import { fsyncInPool } from './fsync';

export { withDirLock } from './dir-lock';

/** O_EXCL and O_NOFOLLOW: a temp name planted in advance, even as a link, is an error, never followed. */
const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const DEFAULT_MODE = 0o600;

/**
 * Replaces `path` so that after a crash at any instant the file holds either
 * the old or the new bytes (ARCHITECTURE.md, "The store"): a temp file in the
 * same folder is written and fsynced, then renamed over `path`; the rename
 * only lives in the folder's entry, so the folder is fsynced too — without
 * that, power loss after the rename can bring back the old file or none at
 * all (ext4 with data=writeback, XFS).
 *
 * A link at `path` is replaced, never followed (hole 9): rename(2) acts on
 * the entry itself. (write-file-atomic, used before, resolved the link and
 * rewrote whatever it pointed to.) The temp name `<path>.<decimal>` is what
 * leftovers.ts sweeps after a crash. The folder must pass assertSafeFolder.
 */
export async function writeFileDurable(
  path: string,
  data: string | Buffer,
  options: { mode?: number } = {},
): Promise<void> {
  await writeFilesDurable([{ files: [{ path, data, ...options }] }]);
}

export interface DurableFile {
  path: string;
  data: string | Buffer;
  mode?: number;
}

export interface DurableGroup {
  files: readonly DurableFile[];
  /** Runs once every earlier group is on disk, before this group's files replace theirs. */
  before?: () => Promise<void>;
}

/**
 * Replaces several files, each as writeFileDurable replaces one, in one
 * fsync round instead of one per file (issue 14: one `add` wrote 16 files
 * one after the other): all temp files are written and fsynced together,
 * then the groups replace their files in order — renames, then one fsync
 * per folder — so a later group is never on disk before an earlier one
 * (store.json before the trust files that follow from it). A failure
 * before a group's renames leaves that group and every later one as they
 * were, and no temp file behind.
 */
export async function writeFilesDurable(groups: readonly DurableGroup[]): Promise<void> {
  const files = groups.flatMap((group) => group.files);
  await assertSafeFolders(files.map((file) => dirname(file.path)));
  const temps = files.map((file) => `${file.path}.${randomInt(0, 2 ** 32)}`);
  let renamed = 0;
  try {
    await settleAll(files, (file, i) => tagged(file.path, () => writeTemp(temps[i] as string, file.data, file.mode ?? DEFAULT_MODE)));
    for (const group of groups) {
      await group.before?.();
      const first = renamed;
      await settleAll(group.files, (file, i) => tagged(file.path, () => renameSync(temps[first + i] as string, file.path)));
      renamed += group.files.length;
      await settleAll(unique(group.files.map((file) => dirname(file.path))), (dir) => tagged(dir, () => fsyncDir(dir)));
    }
  } catch (error) {
    for (const temp of temps.slice(renamed)) {
      try {
        unlinkSync(temp);
      } catch {
        // Never written, or already gone: nothing to sweep.
      }
    }
    // Ours are file-write-failed naming the file; a group's `before` throws its own.
    throw error;
  }
}

/** Runs `work` on every item at once and waits for all, then throws the first failure: no write is still running after a throw. */
async function settleAll<T>(items: readonly T[], work: (item: T, index: number) => Promise<unknown>): Promise<void> {
  const outcomes = await Promise.allSettled(items.map((item, index) => work(item, index)));
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Runs `work` (which may throw before its first await) and names `path` in its failure. */
async function tagged(path: string, work: () => unknown): Promise<void> {
  try {
    await work();
  } catch (error) {
    throw writeFailed(path, error);
  }
}

function writeFailed(path: string, error: unknown): ThinCertError {
  return new ThinCertError('file-write-failed', `Could not write ${path}: ${reasonOf(error)}.`, {
    path,
    reason: reasonOf(error),
  });
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

async function writeTemp(temp: string, data: string | Buffer, mode: number): Promise<void> {
  const fd = openSync(temp, TEMP_FLAGS, mode);
  try {
    // open's mode is filtered by the umask; the caller's mode is what readers of the file rely on.
    fchmodSync(fd, mode);
    writeFileSync(fd, data);
    await fsyncInPool(fd);
  } finally {
    closeSync(fd);
  }
}

/** The file's bytes, or null when it does not exist (a fresh data folder is not an error). */
export async function readFileIfExists(path: string): Promise<Buffer | null> {
  try {
    // Read on this thread (see fsyncInPool), so a FIFO or device planted at `path` must not be read at all: it could block forever.
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      if (!fstatSync(fd).isFile()) throw new Error('not a regular file');
      return readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return null;
    throw new ThinCertError('file-read-failed', `Could not read ${path}: ${reasonOf(error)}.`, {
      path,
      reason: reasonOf(error),
    });
  }
}

/**
 * The bytes of a regular file at `path`, or null when there is none: a link
 * or anything else there is not read through but reported as missing, so the
 * caller writes the file again and the write replaces whatever stood there.
 */
export async function readRegularFileIfExists(path: string): Promise<Buffer | null> {
  // In the pool: these are the bundles and hashed files, thousands of them and megabytes each at start.
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENXIO') return null;
    throw new ThinCertError('file-read-failed', `Could not read ${path}: ${reasonOf(error)}.`, { path, reason: reasonOf(error) });
  }
  try {
    if (!(await handle.stat()).isFile()) return null;
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** Makes the names in `dir` (a new file, a rename) survive a power cut. */
export async function syncFolder(dir: string): Promise<void> {
  try {
    await fsyncDir(dir);
  } catch (error) {
    throw writeFailed(dir, error);
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fd = openSync(dir, 'r');
  try {
    await fsyncInPool(fd);
  } catch (error) {
    // Some file systems (certain FUSE and network mounts) refuse fsync on a
    // folder with EINVAL; there the rename is as durable as the mount allows.
    if (errnoOf(error) !== 'EINVAL') throw error;
  } finally {
    closeSync(fd);
  }
}

function errnoOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/**
 * Why a read or write failed, in words a person acts on. Node's own message
 * names the temp file ThinCert made beside the target (`x.pem.3805197251`)
 * and an errno; the person named the target and needs the cause.
 */
const FAILURE_WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of its path is not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENAMETOOLONG: 'a name in its path is too long',
  ELOOP: 'its path goes round in links',
};

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return (code === undefined ? undefined : FAILURE_WORDS[code]) ?? (error instanceof Error ? error.message : String(error));
}
