/**
 * The distrust list (issue 16 §3, as Chrome's distrust policy): certificates
 * never trusted anywhere in a chain, whatever is stored — pins and anchors
 * included. The device's own list is `<data>/distrust.json`, written durably
 * under the data folder's lock (the lock the store and settings take); the
 * policy may deliver more, and the list in force is the union of both.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ThinCertError } from '../errors';
import { readFileIfExists, withDirLock, writeFileDurable } from '../store/durable-file';

export const DISTRUST_FILE = 'distrust.json';

export interface DistrustEntry {
  /** SHA-256, upper-case colon hex, as the store keys certificates. */
  fingerprint: string;
  /** Known when the certificate itself was given (a file, or a stored certificate): shown in lists and reasons. */
  subject: string | null;
  addedAt: string;
}

export interface DistrustListed extends Omit<DistrustEntry, 'addedAt'> {
  /** When this device listed it; null for the policy's entries (the policy says no time). */
  addedAt: string | null;
  source: 'local' | 'policy';
}

const FINGERPRINT = /^[0-9A-F]{2}(?::[0-9A-F]{2}){31}$/;

export function distrustFile(dataDir: string): string {
  return path.join(dataDir, DISTRUST_FILE);
}

/** 64 hex digits, colons and spaces optional, to the store's form; null when it is not a whole SHA-256. */
export function fullFingerprint(text: string): string | null {
  const hex = text.replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return (hex.match(/../g) as string[]).join(':');
}

/**
 * The device's own entries. A damaged file refuses every judgement rather than
 * trusting what it may have listed (fail closed), and says how to repair it.
 */
export async function readLocalDistrust(dataDir: string): Promise<DistrustEntry[]> {
  const file = distrustFile(dataDir);
  const bytes = await readFileIfExists(file);
  if (bytes === null) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw damaged(file);
  }
  const list = typeof raw === 'object' && raw !== null ? (raw as { certificates?: unknown }).certificates : undefined;
  if (!Array.isArray(list)) throw damaged(file);
  return list.map((item: unknown) => {
    const entry = item as Partial<Record<keyof DistrustEntry, unknown>> | null;
    if (
      typeof entry !== 'object' || entry === null || typeof entry.fingerprint !== 'string' || !FINGERPRINT.test(entry.fingerprint) ||
      (entry.subject !== null && typeof entry.subject !== 'string') || typeof entry.addedAt !== 'string'
    ) {
      throw damaged(file);
    }
    return { fingerprint: entry.fingerprint, subject: entry.subject, addedAt: entry.addedAt };
  });
}

/**
 * Adds entries not yet listed; returns those added (empty: nothing was
 * written). Runs under the data folder's lock on the freshest file.
 */
export async function addLocalDistrust(dataDir: string, entries: readonly DistrustEntry[]): Promise<DistrustEntry[]> {
  return changeLocalDistrust(dataDir, (current) => {
    const added = entries.filter((e, i) => !current.some((c) => c.fingerprint === e.fingerprint) && entries.findIndex((x) => x.fingerprint === e.fingerprint) === i);
    return { next: added.length > 0 ? [...current, ...added] : null, result: added };
  });
}

/** Removes the one local entry `fingerprint` names; refuses a fingerprint the device's list does not hold. */
export async function removeLocalDistrust(dataDir: string, fingerprint: string): Promise<DistrustEntry> {
  return changeLocalDistrust(dataDir, (current) => {
    const found = current.find((c) => c.fingerprint === fingerprint);
    if (found === undefined) {
      throw new ThinCertError('not-found', `${fingerprint} is not on this device's distrust list.`, { query: fingerprint });
    }
    return { next: current.filter((c) => c !== found), result: found };
  });
}

async function changeLocalDistrust<T>(dataDir: string, change: (current: DistrustEntry[]) => { next: DistrustEntry[] | null; result: T }): Promise<T> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  return withDirLock(dataDir, async () => {
    const { next, result } = change(await readLocalDistrust(dataDir));
    if (next !== null) {
      const lines = next.map((entry) => JSON.stringify(entry));
      await writeFileDurable(distrustFile(dataDir), `{"version":1,"certificates":[${lines.length ? `\n${lines.join(',\n')}\n` : ''}]}\n`, { mode: 0o600 });
    }
    return result;
  });
}

function damaged(file: string): ThinCertError {
  return new ThinCertError('distrust-damaged', `The distrust list ${file} is damaged: nothing is trusted until it is repaired or removed.`, { path: file });
}
