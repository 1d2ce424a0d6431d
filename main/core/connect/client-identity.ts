/**
 * This device's certificate and key as a TLS client presents them (issue 17):
 * read at each connection from the stable paths, so a renewal that swapped
 * the identity since the last one is used at once. The key stays in memory
 * for the one connection; it is never logged or put in an error.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { currentIdentityFiles } from '../identity/files';

export interface ClientIdentity {
  cert: Buffer;
  key: Buffer;
}

/** A renewal swaps certificate and key between our two reads at most this often in a row; then there is no usable pair. */
const ATTEMPTS = 3;

/** The current identity's PEMs when there is a valid one, else null (the connection then goes without). */
export async function readClientIdentity(dataDir: string, now: Date): Promise<ClientIdentity | null> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const files = await currentIdentityFiles(dataDir, now);
    if (files === null) return null;
    let pair: ClientIdentity;
    try {
      pair = { cert: await readFile(files.certPath), key: await readFile(files.keyPath) };
    } catch {
      continue; // removed or swapped between the check and the read
    }
    // Two reads through the stable links may straddle a swap: use them only when they still belong together.
    if (belongTogether(pair)) return pair;
  }
  return null;
}

function belongTogether({ cert, key }: ClientIdentity): boolean {
  try {
    return new X509Certificate(cert).checkPrivateKey(createPrivateKey(key));
  } catch {
    return false;
  }
}
