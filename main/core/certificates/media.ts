/**
 * Lists certificate-looking files on removable media for the "from a file"
 * screen: the renderer never touches the file system, and main never follows
 * a link out of the media folders nor opens a FIFO or device while listing.
 */
import type { Stats } from 'node:fs';
import { lstat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { MediaFile } from '../../../app/schemas';
import { ThinCertError } from '../errors';
import { openFailure, readCertificateFile } from '../x509/read-file';

export const DEFAULT_MEDIA_DIRS = ['/media', '/run/media', '/mnt'];
// .p12/.pfx too: the identity screen imports this device's own certificate from them (issue 17); Add says
// what they are (`pkcs12`: a private key inside) instead of hiding a file the operator can see on the stick.
const EXTENSIONS = new Set(['.pem', '.crt', '.cer', '.der', '.p7b', '.p7c', '.cert', '.ca-bundle', '.p12', '.pfx']);
const MAX_DEPTH = 4;
const MAX_FILES = 500;
const MAX_SIZE = 1024 * 1024;

export async function listMediaFiles(dirs: readonly string[]): Promise<{ files: MediaFile[]; searched: string[] }> {
  const files: MediaFile[] = [];
  const searched: string[] = [];
  for (const dir of dirs) {
    const root = await realpath(dir).catch(() => null);
    if (!root) continue;
    searched.push(dir);
    await walk(root, root, 0, files);
    if (files.length >= MAX_FILES) break;
  }
  files.sort((a, b) => a.path.localeCompare(b.path));
  return { files: files.slice(0, MAX_FILES), searched };
}

async function walk(root: string, dir: string, depth: number, files: MediaFile[]): Promise<void> {
  if (depth > MAX_DEPTH || files.length >= MAX_FILES) return;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    // lstat, not stat: a link is never followed, so media cannot point us elsewhere.
    const info = await lstat(full).catch(() => null);
    if (!info) continue;
    if (info.isDirectory()) await walk(root, full, depth + 1, files);
    else if (info.isFile() && EXTENSIONS.has(path.extname(entry.name).toLowerCase()) && info.size > 0 && info.size <= MAX_SIZE) {
      files.push({ path: full, name: path.relative(root, full), size: info.size, modifiedAt: info.mtime.toISOString() });
    }
    if (files.length >= MAX_FILES) return;
  }
}

/**
 * The bytes of a file the UI asked to add (hole 4). Only a file inside a
 * configured media folder, reached without a single link, is read: a link on
 * a stick, or `..`, would otherwise import any file ThinCert can read. All
 * links are refused, even one to a file on the same media: telling them apart
 * would mean following them, and a certificate on a stick needs none. Every
 * refusal for a path that is or leads outside the media is one and the same
 * `not-on-media`, whether or not the target exists, without its path or bytes.
 */
export async function readFromMedia(file: string, dirs: readonly string[]): Promise<Buffer> {
  // Lexical: `..` is settled before the file system is asked, so no name outside is ever looked at.
  const wanted = path.resolve(file);
  for (const dir of dirs) {
    const inside = await withinMediaFolder(wanted, dir);
    if (inside) return readWithoutLinks(inside.root, inside.steps, wanted);
  }
  throw notOnMedia();
}

/** The media folder's real path and the names leading from it to `wanted`, or null when outside. */
async function withinMediaFolder(wanted: string, dir: string): Promise<{ root: string; steps: string[] } | null> {
  const root = await realpath(dir).catch(() => null);
  if (root === null) return null;
  for (const base of new Set([path.resolve(dir), root])) {
    const relative = path.relative(base, wanted);
    const outside = relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
    if (!outside) return { root, steps: relative.split(path.sep) };
  }
  return null;
}

async function readWithoutLinks(root: string, steps: string[], shown: string): Promise<Buffer> {
  let current = root;
  let last: Stats | null = null;
  for (const step of steps) {
    current = path.join(current, step);
    // Missing or unreadable on the media is said as such: nothing outside was reached to get here.
    try {
      last = await lstat(current);
    } catch (error) {
      throw openFailure(shown, error);
    }
    if (last.isSymbolicLink()) throw notOnMedia();
  }
  const expected = last;
  if (expected === null) throw notOnMedia();
  // O_NOFOLLOW and the inode check: a name swapped for a link after the walk is not followed either.
  return readCertificateFile(current, {
    noFollow: true,
    shownAs: shown,
    check: (opened) => {
      if (opened.dev !== expected.dev || opened.ino !== expected.ino) throw notOnMedia();
    },
  });
}

function notOnMedia(): ThinCertError {
  return new ThinCertError('not-on-media', 'Only files on removable media can be added here, and links are not followed.');
}
