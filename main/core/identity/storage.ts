/**
 * The identity on disk (layout in files.ts). A new identity is written whole
 * into a fresh generation folder (key, certificate, meta, each with the
 * store's durable write), and only then does one rename of the `current` link
 * put it in use: a crash before that rename leaves the old identity in use,
 * after it the new one, never a key of one with the certificate of the other.
 */
import { X509Certificate, createPrivateKey, randomInt } from 'node:crypto';
import { lstat, mkdir, open, readdir, readlink, rename, rm, symlink, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { withDirLock, writeFileDurable, readRegularFileIfExists } from '../store/durable-file';
import { assertSafeFolder } from '../store/safe-folder';
import { GENERATION_PREFIX, IDENTITY_FOLDER_MODE, identityPaths } from './files';

const IdentityMetaSchema = v.object({
  source: v.picklist(['scep', 'pkcs12']),
  scepUrl: v.nullable(v.string()),
  caFingerprint: v.nullable(v.string()),
  storedAt: v.string(),
});

export type IdentityMeta = v.InferOutput<typeof IdentityMetaSchema>;

export interface StoredIdentity {
  /** Leaf first, then the chain the CA or the PKCS#12 file gave. */
  certPem: string;
  keyPem: string;
  meta: IdentityMeta;
  leaf: X509Certificate;
}

/** Called after each durable step of a swap; the crash tests end the process there. */
export type StepHook = (step: string) => Promise<void> | void;

const GENERATION_NAME = /^gen-[0-9a-z]+-[0-9a-z]+$/;

export async function ensureIdentityFolder(dataDir: string): Promise<string> {
  const { dir } = identityPaths(dataDir);
  await mkdir(dataDir, { recursive: true, mode: IDENTITY_FOLDER_MODE });
  await mkdir(dir, { recursive: true, mode: IDENTITY_FOLDER_MODE });
  await assertSafeFolder(dir);
  return dir;
}

/** One writer at a time across processes (the app's renewal timer and the CLI). */
export async function withIdentityLock<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  const dir = await ensureIdentityFolder(dataDir);
  return withDirLock(dir, fn);
}

export async function readIdentity(dataDir: string): Promise<StoredIdentity | null> {
  const generation = await currentGeneration(dataDir);
  if (generation === null) return null;
  const dir = join(identityPaths(dataDir).dir, generation);
  const [cert, key, meta] = await Promise.all(['cert.pem', 'key.pem', 'meta.json'].map((name) => readRegularFileIfExists(join(dir, name))));
  if (!cert || !key || !meta) return null;
  const leaf = new X509Certificate(cert);
  // A meta file that does not read back is taken as an import's: never renewed against a guessed server.
  const parsed = v.safeParse(IdentityMetaSchema, parseJson(meta.toString('utf8')));
  const fallback: IdentityMeta = { source: 'pkcs12', scepUrl: null, caFingerprint: null, storedAt: '' };
  return { certPem: cert.toString('utf8'), keyPem: key.toString('utf8'), meta: parsed.success ? parsed.output : fallback, leaf };
}

/**
 * Puts a new identity in use. Call inside withIdentityLock. The key is
 * written 0600 into a 0700 folder and is never read back but to sign.
 */
export async function storeIdentity(dataDir: string, identity: { certPem: string; keyPem: string; meta: IdentityMeta }, step: StepHook = () => undefined): Promise<void> {
  const paths = identityPaths(dataDir);
  await ensureIdentityFolder(dataDir);
  const previous = await currentGeneration(dataDir);
  const name = `${GENERATION_PREFIX}${Date.now().toString(36)}-${randomInt(0, 2 ** 32).toString(36)}`;
  const dir = join(paths.dir, name);
  await mkdir(dir, { mode: IDENTITY_FOLDER_MODE });
  await step('generation-folder');
  await writeFileDurable(join(dir, 'key.pem'), identity.keyPem, { mode: 0o600 });
  await step('key');
  await writeFileDurable(join(dir, 'cert.pem'), identity.certPem, { mode: 0o600 });
  await step('cert');
  await writeFileDurable(join(dir, 'meta.json'), `${JSON.stringify(identity.meta, null, 2)}\n`, { mode: 0o600 });
  await step('meta');
  await ensureStableLinks(dataDir);
  await step('stable-links');
  await replaceLink(paths.currentLink, name);
  await step('current');
  if (previous !== null) await rm(join(paths.dir, previous), { recursive: true, force: true });
  await step('old-removed');
  await sweepGenerations(dataDir, name);
}

/** Takes the identity out of use (one unlink), then deletes its key. True when there was one. */
export async function removeIdentity(dataDir: string): Promise<boolean> {
  const paths = identityPaths(dataDir);
  const had = (await currentGeneration(dataDir)) !== null;
  await unlink(paths.currentLink).catch((error: unknown) => {
    if (!isMissing(error)) throw error;
  });
  await fsyncDir(paths.dir);
  await sweepGenerations(dataDir, null);
  return had;
}

/** What a crash left: generation folders not in use and half-made links; the identity in use is never touched. */
export async function sweepGenerations(dataDir: string, keep: string | null): Promise<void> {
  const { dir } = identityPaths(dataDir);
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const entry of entries) {
    if (entry === keep) continue;
    if (entry.startsWith(GENERATION_PREFIX) || /^(current|cert\.pem|key\.pem)\.\d+$/.test(entry)) {
      await rm(join(dir, entry), { recursive: true, force: true });
    }
  }
}

export async function currentGeneration(dataDir: string): Promise<string | null> {
  try {
    const target = await readlink(identityPaths(dataDir).currentLink);
    // Only a bare name ThinCert made: a link pointing anywhere else is not followed.
    return GENERATION_NAME.test(target) ? target : null;
  } catch {
    return null;
  }
}

/** The key belongs to the certificate (refuses a mismatched pair before anything is written). */
export function keyMatches(certPem: string, keyPem: string): boolean {
  try {
    return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

/** `cert.pem -> current/cert.pem` and `key.pem -> current/key.pem`: made once, never rewritten, so other programs' paths never move. */
async function ensureStableLinks(dataDir: string): Promise<void> {
  const paths = identityPaths(dataDir);
  for (const [path, target] of [
    [paths.certPath, 'current/cert.pem'],
    [paths.keyPath, 'current/key.pem'],
  ] as const) {
    const existing = await readlink(path).catch(() => null);
    if (existing === target) continue;
    await replaceLink(path, target);
  }
}

/** A link made under a temp name and renamed over `path`: rename(2) replaces the entry, never what it points to. */
async function replaceLink(path: string, target: string): Promise<void> {
  const temp = `${path}.${randomInt(0, 2 ** 32)}`;
  await symlink(target, temp);
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await fsyncDir(join(path, '..'));
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync().catch((error: unknown) => {
      if (!(error instanceof Error && 'code' in error && error.code === 'EINVAL')) throw error;
    });
  } finally {
    await handle.close();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

export async function isIdentityFolderPresent(dataDir: string): Promise<boolean> {
  return (await lstat(identityPaths(dataDir).dir).catch(() => null))?.isDirectory() === true;
}
