import { migrateToCurrent, schemaVersionOf, type RawStoreFile } from './migrations';
import { certificatesProblem } from './store-shape';
import { STORE_SCHEMA_VERSION, type StoreState } from './types';

export type Decoded =
  | { ok: true; state: StoreState }
  | { ok: false; problem: 'damaged'; reason: string }
  | { ok: false; problem: 'too-new'; schemaVersion: number };

/** store.json bytes → the current StoreState: one JSON.parse, migrations, then the shape check. */
export function decodeStore(bytes: Buffer): Decoded {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return damaged(`it is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return damaged('it is not a JSON object');
  const file = parsed as RawStoreFile;
  const version = schemaVersionOf(file);
  if (version === 'invalid') return damaged('"schemaVersion" is not a whole number');
  if (version > STORE_SCHEMA_VERSION) return { ok: false, problem: 'too-new', schemaVersion: version };
  const current = migrateToCurrent(file, version);
  const problem = certificatesProblem(current.certificates);
  if (problem !== null) return damaged(problem);
  // The shape check above is what makes this cast true.
  return { ok: true, state: { schemaVersion: STORE_SCHEMA_VERSION, certificates: current.certificates as StoreState['certificates'] } };
}

/**
 * What this process has just written with encodeStore, read back as the next
 * reader will see it (undefined fields gone, nothing shared with the state it
 * came from). The state passed the shape check before it was encoded, so the
 * check is not made again: on a 10,000-certificate store it was ~140 ms of
 * every change.
 */
export function decodeOwnWrite(encoded: string): StoreState {
  const written = JSON.parse(encoded) as { certificates: StoreState['certificates'] };
  return { schemaVersion: STORE_SCHEMA_VERSION, certificates: written.certificates };
}

/**
 * One certificate per line: a person repairing a device can still read and
 * diff it line by line, while the file stays a third smaller than indented
 * JSON and parses faster (issue 8: listing must cost little beyond start-up).
 */
export function encodeStore(state: StoreState): string {
  const entries = Object.entries(state.certificates).map(([fingerprint, cert]) => `${JSON.stringify(fingerprint)}:${JSON.stringify(cert)}`);
  return `{"schemaVersion":${STORE_SCHEMA_VERSION},"certificates":{${entries.length ? `\n${entries.join(',\n')}\n` : ''}}}\n`;
}

function damaged(reason: string): Decoded {
  return { ok: false, problem: 'damaged', reason };
}
