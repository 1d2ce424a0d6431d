import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Clock } from '../clock';
import { ThinCertError } from '../errors';
import { writeFileDurable } from './durable-file';
import { STORE_SCHEMA_VERSION } from './types';

/**
 * Copies a store file ThinCert cannot use next to it as
 * `<name>.damaged-<ISO time without colons>` (colons upset some file managers
 * and every FAT stick a technician copies it to) — once: when an identical
 * copy is already there, that one is named again instead of piling up a copy
 * per start-up.
 */
export async function keepAside(path: string, bytes: Buffer, clock: Clock): Promise<string> {
  const dir = dirname(path);
  const prefix = `${basename(path)}.damaged-`;
  for (const name of (await readdir(dir)).filter((entry) => entry.startsWith(prefix)).sort()) {
    const candidate = join(dir, name);
    const copy = await readFile(candidate).catch(() => null);
    if (copy !== null && copy.equals(bytes)) return candidate;
  }
  const aside = join(dir, `${prefix}${clock.now().toISOString().replace(/:/g, '')}`);
  await writeFileDurable(aside, bytes, { mode: 0o600 });
  return aside;
}

export function storeDamaged(path: string, reason: string, copy: string): ThinCertError {
  return new ThinCertError(
    'store-damaged',
    `The certificate store ${path} is damaged: ${reason}. ThinCert will not change it; a copy was kept at ${copy}. ` +
      'Restore the file from a backup, or move it away to start with an empty store and add the certificates again.',
    { path, copy, reason },
  );
}

export function storeTooNew(path: string, schemaVersion: number, copy: string): ThinCertError {
  return new ThinCertError(
    'store-too-new',
    `The certificate store ${path} was written by a newer ThinCert (store schema ${schemaVersion}; this one knows up to ${STORE_SCHEMA_VERSION}). ` +
      `ThinCert will not change it; a copy was kept at ${copy}. Install the newer ThinCert again, or move the file away to start with an empty store.`,
    { path, copy, schemaVersion, knownSchemaVersion: STORE_SCHEMA_VERSION },
  );
}

export function invalidChange(path: string, reason: string): ThinCertError {
  return new ThinCertError('store-invalid-change', `A change to ${path} was refused because it would have made the store unreadable: ${reason}. Nothing was written.`, {
    path,
    reason,
  });
}
