/**
 * Per purpose, next to the PEM bundle, the same certificates as an OpenSSL
 * hashed directory (`bundles/<purpose>/`, the names `openssl rehash` gives:
 * subject hash, then `.0`, `.1` … for equal hashes) for programs that take a
 * CA path rather than a CA file, and a `.curlrc` that points curl at exactly
 * these two (Debian's curl always adds /etc/ssl/certs as its CA path
 * otherwise, and no environment variable changes that).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PURPOSES, type Purpose } from '../../../app/purposes';
import { certificatePem } from '../x509/pem-blocks';
import { subjectHash } from '../x509/subject-hash';
import { readRegularFileIfExists, type DurableFile } from './durable-file';
import { bundlePath, bundlesDir } from './layout';
import { assertSafeFolders } from './safe-folder';
import type { StoreState, StoredCertificate } from './types';
import { everyStored, trustMembers, type TrustMember } from './trust-members';

const FILE_MODE = 0o644;
const DIR_MODE = 0o755;
const HASHED_NAME = /^[0-9a-f]{8}\.\d+$/;
/** replaceFile's and the manifest's temp names, left behind only by a crash. */
const TEMP_NAME = /^(?:[0-9a-f]{8}\.\d+\.tmp-[0-9a-f]{12}|\.thincert-manifest\.\d+)$/;
/** Which certificate each hashed name holds, so an unchanged set costs one read. */
const MANIFEST = '.thincert-manifest';

export function hashedDirPath(dir: string, purpose: Purpose): string {
  return join(bundlesDir(dir), purpose);
}

/** The folder to give curl as CURL_HOME: it holds only the `.curlrc` for this purpose. */
export function curlHomePath(dir: string, purpose: Purpose): string {
  return join(bundlesDir(dir), `${purpose}.curl`);
}

/** Hashing parses the DER: done once per certificate for the life of the process. */
const hashes = new Map<string, string>();
function hashOf(certificate: StoredCertificate, named?: ReadonlyMap<string, string>): string {
  let hash = hashes.get(certificate.fingerprint) ?? named?.get(certificate.fingerprint);
  if (hash === undefined) {
    hash = subjectHash(Buffer.from(certificate.der, 'base64'));
    hashes.set(certificate.fingerprint, hash);
  }
  return hash;
}

/**
 * The hashes a folder's manifest gives its certificates, for the names that
 * are there: a CLI process starts with no hashes, and parsing 10,000
 * certificates for them took ~300 ms of every change of trust. A line whose
 * file is missing is not believed (a manifest edited by hand); at start
 * (`verify`) every hash is computed again.
 */
function namedHashes(had: ReadonlyMap<string, string>, present: ReadonlySet<string>): Map<string, string> {
  const named = new Map<string, string>();
  for (const [name, fingerprint] of had) {
    if (fingerprint && HASHED_NAME.test(name) && present.has(name)) named.set(fingerprint, name.slice(0, 8));
  }
  return named;
}

/** name → certificate, numbered in fingerprint order so the names depend only on the set. */
export function hashedNames(state: StoreState, purpose: Purpose, member: TrustMember = everyStored, named?: ReadonlyMap<string, string>): Map<string, StoredCertificate> {
  const names = new Map<string, StoredCertificate>();
  const next = new Map<string, number>();
  for (const certificate of trustMembers(state, purpose, member)) {
    const hash = hashOf(certificate, named);
    const n = next.get(hash) ?? 0;
    next.set(hash, n + 1);
    names.set(`${hash}.${n}`, certificate);
  }
  return names;
}

/** What a purpose's hashed folder and `.curlrc` need: files to replace durably, and the hashed files to write in place first. */
export interface TrustFilesPlan {
  files: DurableFile[];
  /** Writes the hashed files themselves: run only once store.json is on disk, before the manifests that name them. */
  writeInPlace: () => Promise<void>;
}

/**
 * After a change the manifest says what is there; at start (`verify`) every
 * file is read back, because the files are written without fsync (10,000
 * fsyncs would make one change take half a minute) and a crash may have left
 * one empty behind a manifest that names it. Looks at every purpose at once
 * and writes nothing itself: the caller commits `files` in its own fsync round.
 */
export async function planHashedDirs(dir: string, state: StoreState, options: { verify?: boolean; member?: TrustMember } = {}): Promise<TrustFilesPlan> {
  const folders = PURPOSES.map((purpose) => hashedDirPath(dir, purpose));
  await Promise.all(folders.map((folder) => mkdir(folder, { recursive: true, mode: DIR_MODE })));
  // Files here are written without writeFileDurable, so its check is made here: never into a planted link.
  await assertSafeFolders(folders);
  const plans = await Promise.all(
    PURPOSES.flatMap((purpose) => [
      planHashedDir(dir, purpose, state, options.verify === true, options.member ?? everyStored),
      planCurlrc(dir, purpose),
    ]),
  );
  return {
    files: plans.flatMap((plan) => plan.files),
    writeInPlace: async () => {
      await Promise.all(plans.map((plan) => plan.writeInPlace()));
    },
  };
}

const NOTHING: TrustFilesPlan = { files: [], writeInPlace: async () => undefined };

async function planHashedDir(dir: string, purpose: Purpose, state: StoreState, verify: boolean, member: TrustMember): Promise<TrustFilesPlan> {
  const folder = hashedDirPath(dir, purpose);
  const [onDiskBytes, listed] = await Promise.all([readRegularFileIfExists(join(folder, MANIFEST)), readdir(folder)]);
  const onDisk = onDiskBytes?.toString('utf8') ?? null;
  const present = new Set(listed);
  // name → fingerprint, as the manifest on disk says.
  const had = new Map((onDisk ?? '').split('\n').map((line) => line.split(' ') as [string, string]));
  const wanted = hashedNames(state, purpose, member, verify ? undefined : namedHashes(had, present));
  const manifest = [...wanted].map(([name, certificate]) => `${name} ${certificate.fingerprint}\n`).join('');
  // A file deleted by hand is noticed by its name; a file rewritten by hand is not (the folder is ThinCert's).
  if (!verify && onDisk === manifest && [...wanted.keys()].every((name) => present.has(name))) return NOTHING;
  const writeInPlace = async () => {
    await inParallel([...wanted], async ([name, certificate]) => {
      const pem = certificatePem(certificate.der);
      if (present.has(name) && had.get(name) === certificate.fingerprint) {
        if (!verify) return;
        if ((await readRegularFileIfExists(join(folder, name)))?.toString('ascii') === pem) return;
      }
      await (present.has(name) ? replaceFile(join(folder, name), pem) : createFile(join(folder, name), pem));
    });
    const stale = [...present].filter((name) => (HASHED_NAME.test(name) && !wanted.has(name)) || TEMP_NAME.test(name));
    await inParallel(stale, (name) => unlink(join(folder, name)));
  };
  // Replaced after writeInPlace: a crash before leaves the old manifest, and the next change redoes the work.
  return onDisk === manifest ? { files: [], writeInPlace } : { files: [{ path: join(folder, MANIFEST), data: manifest, mode: FILE_MODE }], writeInPlace };
}

/**
 * Small writes are slow one by one on some file systems (about 1 ms each
 * here: 10,000 certificates took 9 s); a few at a time keep libuv's threads busy.
 */
async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<unknown>, width = 16): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/**
 * A name that did not exist is written in place (`wx`: never through a link):
 * a reader that catches it half-written only misses a certificate it did not
 * have a moment ago. One rename fewer halves the cost of a first write.
 */
async function createFile(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, { mode: FILE_MODE, flag: 'wx' });
  } catch (error) {
    // Made since the folder was listed (by hand: writers hold the store's lock): replace it whole.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await replaceFile(path, text);
  }
}

/** Atomic but not durable: a new file (never through a planted link: `wx`) renamed over the name. */
async function replaceFile(path: string, text: string): Promise<void> {
  const temp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    await writeFile(temp, text, { mode: FILE_MODE, flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** curl's config syntax: a double-quoted value with `\` and `"` escaped. */
const curlQuoted = (text: string): string => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

async function planCurlrc(dir: string, purpose: Purpose): Promise<TrustFilesPlan> {
  const home = curlHomePath(dir, purpose);
  await mkdir(home, { recursive: true, mode: DIR_MODE });
  const text = `# Written by ThinCert: curl trusts exactly the certificates stored for ${purpose}.\ncacert = ${curlQuoted(bundlePath(dir, purpose))}\ncapath = ${curlQuoted(hashedDirPath(dir, purpose))}\n`;
  const path = join(home, '.curlrc');
  const onDisk = await readRegularFileIfExists(path);
  if (onDisk !== null && onDisk.toString('utf8') === text) return NOTHING;
  return { files: [{ path, data: text, mode: FILE_MODE }], writeInPlace: NOTHING.writeInPlace };
}
