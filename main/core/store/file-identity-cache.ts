/**
 * What is read from a few small files at every judgement (the trust rules,
 * the revocation modes) is kept while those files keep their identity, so a
 * check pays a few stats instead of reading and validating them again. Every
 * write in the data folder renames a new file into place, so a change is a new
 * inode and is always seen, whichever process made it.
 */
import { stat } from 'node:fs/promises';

const MAX_KEYS = 16;

export function cacheByFileIdentity<T>(): (key: string, files: readonly string[], read: () => Promise<T>) => Promise<T> {
  const cache = new Map<string, { identity: string; value: T }>();
  return async (key, files, read) => {
    const identity = (await Promise.all(files.map(fileIdentity))).join('|');
    const hit = cache.get(key);
    if (hit?.identity === identity) return hit.value;
    // A read that throws (a damaged file) is not kept: the next judgement reads again.
    const value = await read();
    if (!cache.has(key) && cache.size >= MAX_KEYS) cache.delete(cache.keys().next().value as string);
    cache.set(key, { identity, value });
    return value;
  };
}

async function fileIdentity(path: string): Promise<string> {
  try {
    const found = await stat(path, { bigint: true });
    return `${found.dev}:${found.ino}:${found.size}:${found.mtimeNs}:${found.ctimeNs}`;
  } catch {
    return 'none';
  }
}
