/**
 * Reads a certificate file from removable media without ever blocking: a FIFO
 * opened for reading waits for a writer, a terminal may become our controlling
 * TTY, and /dev/zero never ends. So the file is opened non-blocking and
 * without a controlling terminal, and the opened descriptor (not the path,
 * which may be swapped under us or be a symlink) is checked to be a regular
 * file before a single byte is read.
 */
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { ThinCertError } from '../errors';
import { MAX_FILE_BYTES } from './limits';
import { fileTooLarge } from './refusals';

export const READ_FILE_ERRORS = {
  notFound: 'file-not-found',
  permissionDenied: 'permission-denied',
  notARegularFile: 'not-a-regular-file',
  readFailed: 'read-failed',
} as const;

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

export interface ReadOptions {
  /** Open with O_NOFOLLOW: a link as the last name is refused, not followed. */
  noFollow?: boolean;
  /** The path named in refusals, when the caller opens another spelling of it. */
  shownAs?: string;
  /** Runs on the opened descriptor's stat before anything is read; throws to refuse. */
  check?: (opened: Stats) => void;
}

export async function readCertificateFile(path: string, options: ReadOptions = {}): Promise<Buffer> {
  const shown = options.shownAs ?? path;
  let handle: FileHandle;
  try {
    handle = await open(path, options.noFollow ? OPEN_FLAGS | constants.O_NOFOLLOW : OPEN_FLAGS);
  } catch (error) {
    throw openFailure(shown, error);
  }
  try {
    const stats = await handle.stat();
    options.check?.(stats);
    if (!stats.isFile()) throw notARegularFile(shown, kindOf(stats));
    if (stats.size > MAX_FILE_BYTES) throw fileTooLarge(stats.size);
    return await readAtMost(handle, shown);
  } finally {
    await handle.close();
  }
}

/** Reads to the end, refusing a file that grew past the limit after fstat. */
async function readAtMost(handle: FileHandle, path: string): Promise<Buffer> {
  const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
  let length = 0;
  for (;;) {
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(buffer, length, buffer.length - length, null));
    } catch (error) {
      throw readFailed(path, error);
    }
    if (bytesRead === 0) break;
    length += bytesRead;
    if (length > MAX_FILE_BYTES) throw fileTooLarge(length);
  }
  return Buffer.from(buffer.subarray(0, length));
}

interface FileKind {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}

function kindOf(stats: FileKind): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function notARegularFile(path: string, kind: string): ThinCertError {
  return new ThinCertError(
    READ_FILE_ERRORS.notARegularFile,
    `${path} is ${kind}, not a certificate file.`,
    { path, kind },
  );
}

function errnoOf(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  throw error;
}

/** The refusal for a failed open(2) or lstat(2) of `path`, in the words of the errno. */
export function openFailure(path: string, error: unknown): ThinCertError {
  const code = errnoOf(error);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new ThinCertError(READ_FILE_ERRORS.notFound, `There is no file ${path}; check the name and that the media is still inserted.`, { path });
    case 'EACCES':
    case 'EPERM':
      return new ThinCertError(READ_FILE_ERRORS.permissionDenied, `ThinCert may not read ${path} (permission denied).`, { path });
    // open(2) on a UNIX socket fails with ENXIO; a device without a driver likewise.
    case 'ENXIO':
    case 'ENODEV':
      return notARegularFile(path, 'a socket or device');
    case 'ELOOP':
      return notARegularFile(path, 'a symbolic link loop');
    default:
      return readFailed(path, error);
  }
}

function readFailed(path: string, error: unknown): ThinCertError {
  const code = errnoOf(error);
  return new ThinCertError(READ_FILE_ERRORS.readFailed, `Could not read ${path} (${code}); the media may have been removed.`, { path, errno: code });
}
