/**
 * Lists certificate-looking files on removable media for the "from a file"
 * screen: the renderer never touches the file system, and main never follows
 * a link out of the media folders nor opens a FIFO or device while listing.
 */
import { lstat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { MediaFile } from '../../../app/schemas';

export const DEFAULT_MEDIA_DIRS = ['/media', '/run/media', '/mnt'];
const EXTENSIONS = new Set(['.pem', '.crt', '.cer', '.der', '.p7b', '.p7c', '.cert', '.ca-bundle']);
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

/** Only files inside a configured media folder may be imported through the UI. */
export async function isInsideMedia(file: string, dirs: readonly string[]): Promise<boolean> {
  const resolved = path.resolve(file);
  for (const dir of dirs) {
    const root = await realpath(dir).catch(() => null);
    if (root && (resolved === root || resolved.startsWith(root + path.sep))) return true;
  }
  return false;
}
