/**
 * CRLs kept on disk under `<data>/crls/<sha256>.crl` (DER): imported by hand
 * (`thincert crl add`) or fetched from a distribution point, and used until
 * their nextUpdate. Each file is parsed once and kept in memory keyed by its
 * identity (inode, size, mtime), so a check with a cached CRL costs a
 * directory listing and a Set lookup, not a parse (issue 16: ≤ 1.2×).
 */
import { lstat, mkdir, readdir, unlink } from 'node:fs/promises';
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

/** Every readable CRL in the folder; a damaged or foreign file is skipped, not fatal. */
export async function storedCrls(dataDir: string): Promise<ParsedCrl[]> {
  const dir = crlFolder(dataDir);
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

async function parsedFile(file: string): Promise<ParsedCrl | null> {
  let identity: string;
  try {
    const stat = await lstat(file);
    if (!stat.isFile()) return null;
    identity = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return null;
  }
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
    for (const other of await storedCrls(dataDir)) {
      if (other.id !== crl.id && other.issuerKey === crl.issuerKey && freshAt(other.thisUpdate, other.nextUpdate, now) === 'expired') {
        await unlink(path.join(dir, `${other.id}.crl`)).catch(() => undefined);
      }
    }
    return true;
  });
  return { crl, added };
}
