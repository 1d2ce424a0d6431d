/**
 * What is read from a few small files at every judgement (the trust rules,
 * the revocation modes) is kept while those files keep their identity, so a
 * check pays a few stats instead of reading and validating them again. Every
 * write in the data folder renames a new file into place, so a change is a new
 * inode and is always seen, whichever process made it.
 */
import { statSync } from 'node:fs';

const MAX_KEYS = 16;

export function cacheByFileIdentity<T>(): (key: string, files: readonly string[], read: () => Promise<T>) => Promise<T> {
  const cache = new Map<string, { identity: string; value: T }>();
  return async (key, files, read) => {
    const identity = files.map(fileIdentity).join('|');
    const hit = cache.get(key);
    if (hit?.identity === identity) return hit.value;
    // A read that throws (a damaged file) is not kept: the next judgement reads again.
    const value = await read();
    if (!cache.has(key) && cache.size >= MAX_KEYS) cache.delete(cache.keys().next().value as string);
    cache.set(key, { identity, value });
    return value;
  };
}

/**
 * Synchronous on purpose: a stat of a small local file costs a few µs this
 * way and ~45 µs of CPU through the thread pool, and a check makes eight.
 */
function fileIdentity(path: string): string {
  try {
    const found = statSync(path, { bigint: true, throwIfNoEntry: false });
    if (found === undefined) return 'none';
    return `${found.dev}:${found.ino}:${found.size}:${found.mtimeNs}:${found.ctimeNs}`;
  } catch {
    return 'none';
  }
}
