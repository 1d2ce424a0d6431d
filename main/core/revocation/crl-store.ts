/**
 * CRLs kept on disk under `<data>/crls/<sha256>.crl` (DER): imported by hand
 * (`thincert crl add`) or fetched from a distribution point, and used until
 * their nextUpdate. Each file is parsed once and kept in memory keyed by its
 * identity (inode, size, mtime), and the folder's list is kept while the
 * folder keeps its identity, so a check with a cached CRL costs one stat of
 * the folder, not a listing or a parse (issue 16: ≤ 1.2×). Every CRL is
 * written by renaming a new file into place (its name is its SHA-256), so a
 * change of the folder's entries is a change of the folder's mtime.
 */
import { lstat, mkdir, readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ThinCertError } from '../errors';
import { readRegularFileIfExists, withDirLock, writeFileDurable } from '../store/durable-file';
import { parseCrl, type ParsedCrl } from './crl';
import { freshAt } from './freshness';

export const CRL_FOLDER = 'crls';
/** Larger than any CRL a thin client's CAs publish; bounds memory and parse time. */
export const MAX_CRL_BYTES = 16 * 1024 * 1024;

const parsed = new Map<string, { identity: string; crl: ParsedCrl | null }>();

export function crlFolder(dataDir: string): string {
  return path.join(dataDir, CRL_FOLDER);
}

/** The folder's list by folder, while the folder's identity is the one it was listed at. */
const listed = new Map<string, { identity: string; crls: readonly ParsedCrl[] }>();
const LISTED_LIMIT = 16;
/**
 * A folder changed within this long of its listing may change again within
 * the same tick of the file system's clock, unseen in its mtime: such a
 * listing is not kept (as git does with "racily clean" files). A second
 * covers the coarsest clock a data folder's file system has (ext3's seconds;
 * ext4, xfs, btrfs and tmpfs stamp at the kernel's tick, ≤ 10 ms).
 */
const RACY_MS = 1_000;

/**
 * Every readable CRL in the folder; a damaged or foreign file is skipped, not
 * fatal. The same array while the folder is unchanged: callers may key their
 * own caches by it.
 */
export async function storedCrls(dataDir: string): Promise<readonly ParsedCrl[]> {
  const dir = crlFolder(dataDir);
  const identity = await folderIdentity(dir);
  const hit = listed.get(dir);
  if (identity !== null && hit?.identity === identity.key) return hit.crls;
  const crls = await listFolder(dir);
  if (identity !== null && Date.now() - identity.mtimeMs > RACY_MS) {
    if (!listed.has(dir) && listed.size >= LISTED_LIMIT) listed.delete(listed.keys().next().value as string);
    listed.set(dir, { identity: identity.key, crls });
  } else listed.delete(dir);
  return crls;
}

async function folderIdentity(dir: string): Promise<{ key: string; mtimeMs: number } | null> {
  try {
    const found = await stat(dir, { bigint: true });
    return { key: `${found.dev}:${found.ino}:${found.mtimeNs}:${found.ctimeNs}`, mtimeMs: Number(found.mtimeMs) };
  } catch {
    return null;
  }
}

async function listFolder(dir: string): Promise<ParsedCrl[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const crls: ParsedCrl[] = [];
  for (const name of names) {
    if (!name.endsWith('.crl')) continue;
    const file = path.join(dir, name);
    const crl = await parsedFile(file);
    if (crl) crls.push(crl);
  }
  return crls;
}

/** A regular file's identity (device, inode, size, mtime); null for anything else or nothing. */
async function fileIdentity(file: string): Promise<string | null> {
  try {
    const found = await lstat(file);
    return found.isFile() ? `${found.dev}:${found.ino}:${found.size}:${found.mtimeMs}` : null;
  } catch {
    return null;
  }
}

async function parsedFile(file: string): Promise<ParsedCrl | null> {
  const identity = await fileIdentity(file);
  if (identity === null) return null;
  const hit = parsed.get(file);
  if (hit?.identity === identity) return hit.crl;
  const bytes = await readRegularFileIfExists(file);
  let crl: ParsedCrl | null = null;
  try {
    crl = bytes && bytes.length <= MAX_CRL_BYTES ? parseCrl(bytes) : null;
  } catch {
    crl = null;
  }
  parsed.set(file, { identity, crl });
  return crl;
}

/**
 * Keeps a CRL: refused (nothing written) when it does not parse or is past
 * its nextUpdate. CRLs of the same issuer that have expired are dropped.
 */
export async function keepCrl(dataDir: string, bytes: Buffer, now: Date): Promise<{ crl: ParsedCrl; added: boolean }> {
  if (bytes.length > MAX_CRL_BYTES) throw new ThinCertError('crl-invalid', 'This CRL is larger than 16 MiB.', { why: 'too large' });
  const crl = parseCrl(bytes);
  const freshness = freshAt(crl.thisUpdate, crl.nextUpdate, now);
  if (freshness === 'expired') {
    throw new ThinCertError('crl-expired', `This CRL of "${crl.issuer}" expired on ${crl.nextUpdate?.toISOString() ?? '?'}; get a current one from the CA.`, {
      issuer: crl.issuer,
      nextUpdate: crl.nextUpdate?.toISOString() ?? '',
    });
  }
  if (freshness === 'not-yet-valid') {
    throw new ThinCertError('crl-not-yet-valid', `This CRL of "${crl.issuer}" is dated ${crl.thisUpdate.toISOString()}, later than this device's clock.`, {
      issuer: crl.issuer,
      thisUpdate: crl.thisUpdate.toISOString(),
    });
  }
  const dir = crlFolder(dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const added = await withDirLock(dataDir, async () => {
    const file = path.join(dir, `${crl.id}.crl`);
    const existing = await readRegularFileIfExists(file);
    if (existing?.equals(crl.der)) return false;
    await writeFileDurable(file, crl.der, { mode: 0o644 });
    // Parsing a large CRL takes a while: the next listing finds this one already parsed.
    const identity = await fileIdentity(file);
    if (identity !== null) parsed.set(file, { identity, crl });
    for (const other of await storedCrls(dataDir)) {
      if (other.id !== crl.id && other.issuerKey === crl.issuerKey && freshAt(other.thisUpdate, other.nextUpdate, now) === 'expired') {
        await unlink(path.join(dir, `${other.id}.crl`)).catch(() => undefined);
      }
    }
    return true;
  });
  return { crl, added };
}
