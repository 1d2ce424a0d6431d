import { STORE_SCHEMA_VERSION } from './types';

/** A parsed store.json before its shape is checked: only its top level is known to be an object. */
export type RawStoreFile = Record<string, unknown>;

export interface Migration {
  /** Turns a file of schema `from` into one of schema `from + 1`. */
  from: number;
  /** Why the layout changed, for whoever reads the history. */
  why: string;
  migrate(file: RawStoreFile): RawStoreFile;
}

/**
 * Every layout store.json ever had, oldest first. Never edit or remove an
 * entry: devices in the field may hold any older file. A new schema adds one
 * migration and raises STORE_SCHEMA_VERSION (types.ts).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    from: 0,
    why: 'pre-release files had no schemaVersion and kept certificates as an array; keying by fingerprint makes look-ups and de-duplication O(1)',
    migrate: (file) => ({ ...file, schemaVersion: 1, certificates: keyByFingerprint(file.certificates) }),
  },
];

/** Files without `schemaVersion` predate versioning: they are schema 0. */
export function schemaVersionOf(file: RawStoreFile): number | 'invalid' {
  const version = file.schemaVersion;
  if (version === undefined) return 0;
  return typeof version === 'number' && Number.isSafeInteger(version) && version >= 0 ? version : 'invalid';
}

/**
 * Brings a file of an older schema up to STORE_SCHEMA_VERSION. The caller has
 * already refused files newer than this program; a gap in the list is a bug.
 */
export function migrateToCurrent(file: RawStoreFile, from: number): RawStoreFile {
  let current = file;
  for (let version = from; version < STORE_SCHEMA_VERSION; version++) {
    const step = MIGRATIONS.find((migration) => migration.from === version);
    if (step === undefined) throw new Error(`no store migration from schema ${version}`);
    current = step.migrate(current);
  }
  return current;
}

/**
 * Anything other than an array is passed through so the shape check reports
 * it; entries without a string fingerprint are kept under a key the shape
 * check will refuse, rather than dropped silently.
 */
function keyByFingerprint(certificates: unknown): unknown {
  if (!Array.isArray(certificates)) return certificates;
  const keyed: Record<string, unknown> = {};
  certificates.forEach((entry: unknown, index) => {
    const fingerprint = isRecord(entry) && typeof entry.fingerprint === 'string' ? entry.fingerprint : `#${index}`;
    const earlier = keyed[fingerprint];
    keyed[fingerprint] = isRecord(earlier) && isRecord(entry) ? mergeDuplicate(earlier, entry) : entry;
  });
  return keyed;
}

/** Old builds could list one certificate twice; its purposes are the union, the first entry's other fields win. */
function mergeDuplicate(first: Record<string, unknown>, again: Record<string, unknown>): Record<string, unknown> {
  const purposes = [first.purposes, again.purposes].flatMap((list) => (Array.isArray(list) ? (list as unknown[]) : []));
  return { ...first, purposes: [...new Set(purposes)] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
