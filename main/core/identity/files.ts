/**
 * Where this device's identity (issue 17) lives inside the data folder, and
 * the two stable paths other programs are given (the forwarder's mutual TLS,
 * `exec`/`env`/`export-config`).
 *
 * Layout, all inside `<dataDir>/identity` (0700, files 0600):
 *   gen-<id>/cert.pem, gen-<id>/key.pem, gen-<id>/meta.json  one whole identity
 *   current -> gen-<id>        the identity in use: a relative link swapped by one rename(2)
 *   cert.pem -> current/cert.pem, key.pem -> current/key.pem   the stable paths, never rewritten
 *   state.json                 what is under way (pending enrollment, last error, renewal retries)
 *   pending/                   the new key and request of an enrollment the CA answered PENDING
 *
 * The certificate and key swap together because one rename of `current` is
 * the only commit: before it the old pair is whole, after it the new one.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

export const IDENTITY_FOLDER = 'identity';
export const IDENTITY_FOLDER_MODE = 0o700;
export const IDENTITY_FILE_MODE = 0o600;

export interface IdentityPaths {
  /** `<dataDir>/identity`, created 0700. */
  dir: string;
  /** Stable path of the current certificate PEM (leaf first, then any chain the CA returned). */
  certPath: string;
  /** Stable path of the current private key PEM (PKCS#8, unencrypted, 0600). */
  keyPath: string;
  /** The link naming the generation folder in use. */
  currentLink: string;
  /** Enrollment/renewal progress and the last failure; never key material or the challenge. */
  statePath: string;
  /** The key and request of an enrollment waiting on a PENDING answer, so a restart resumes it. */
  pendingDir: string;
}

export function identityPaths(dataDir: string): IdentityPaths {
  const dir = join(dataDir, IDENTITY_FOLDER);
  return {
    dir,
    certPath: join(dir, 'cert.pem'),
    keyPath: join(dir, 'key.pem'),
    currentLink: join(dir, 'current'),
    statePath: join(dir, 'state.json'),
    pendingDir: join(dir, 'pending'),
  };
}

/** The folder of one stored identity generation; `current` links to one of these by its bare name. */
export function generationDir(dataDir: string, name: string): string {
  return join(identityPaths(dataDir).dir, name);
}

export const GENERATION_PREFIX = 'gen-';

/**
 * The stable certificate and key paths when this device has a usable identity
 * (both readable, the key belongs to the certificate, now within its validity),
 * else null. Reads only: safe to call from any process without the identity lock.
 */
export async function currentIdentityFiles(
  dataDir: string,
  now: Date = new Date(),
): Promise<{ certPath: string; keyPath: string } | null> {
  const { certPath, keyPath } = identityPaths(dataDir);
  const certPem = await readIfPresent(certPath);
  const keyPem = await readIfPresent(keyPath);
  if (certPem === null || keyPem === null) return null;
  try {
    const cert = new X509Certificate(certPem);
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return null;
    const t = now.getTime();
    if (t < Date.parse(cert.validFrom) || t > Date.parse(cert.validTo)) return null;
  } catch {
    return null;
  }
  return { certPath, keyPath };
}

/** Follows only the links ThinCert itself made inside the 0700 folder (cert.pem -> current -> gen-N). */
async function readIfPresent(path: string): Promise<Buffer | null> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    if (!(await handle.stat()).isFile()) return null;
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
