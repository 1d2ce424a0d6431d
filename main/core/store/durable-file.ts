import { open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ThinCertError } from '../errors';

export { withDirLock } from './dir-lock';

/**
 * Replaces `path` so that after a crash at any instant the file holds either
 * the old or the new bytes (ARCHITECTURE.md, "The store"): write-file-atomic
 * writes a temp file in the same folder, fsyncs it and renames it over `path`;
 * the rename only lives in the folder's entry, so the folder is fsynced too —
 * without that, power loss after the rename can bring back the old file or
 * none at all (ext4 with data=writeback, XFS).
 */
export async function writeFileDurable(
  path: string,
  data: string | Buffer,
  options: { mode?: number } = {},
): Promise<void> {
  try {
    // Loaded on first write: read-only commands (list, show, status) never pay for it (issue 8).
    const { default: writeFileAtomic } = await import('write-file-atomic');
    await writeFileAtomic(
      path,
      data,
      options.mode === undefined ? { fsync: true } : { fsync: true, mode: options.mode },
    );
    await fsyncDir(dirname(path));
  } catch (error) {
    throw new ThinCertError('file-write-failed', `Could not write ${path}: ${reasonOf(error)}.`, {
      path,
      reason: reasonOf(error),
    });
  }
}

/** The file's bytes, or null when it does not exist (a fresh data folder is not an error). */
export async function readFileIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return null;
    throw new ThinCertError('file-read-failed', `Could not read ${path}: ${reasonOf(error)}.`, {
      path,
      reason: reasonOf(error),
    });
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems (certain FUSE and network mounts) refuse fsync on a
    // folder with EINVAL; there the rename is as durable as the mount allows.
    if (errnoOf(error) !== 'EINVAL') throw error;
  } finally {
    await handle.close();
  }
}

function errnoOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
