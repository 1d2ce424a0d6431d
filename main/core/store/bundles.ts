import { mkdir } from 'node:fs/promises';
import { PURPOSES, type Purpose } from '../../../app/purposes';
import { readRegularFileIfExists, writeFileDurable } from './durable-file';
import { bundlePath, bundlesDir } from './layout';
import type { StoreState, StoredCertificate } from './types';
import { certificatePem } from '../certs/pem';
import { syncHashedDirs } from './hashed-dir';
import { everyStored, trustMembers, type TrustMember } from './trust-members';

/** Bundles are read by other thin-client programs, possibly under other accounts; they hold no secrets. */
const BUNDLE_MODE = 0o644;

/**
 * The CA file for one purpose: every certificate that counts for that purpose
 * (`member`: in managed mode only the policy's) as PEM,
 * ordered by fingerprint so the bytes depend only on the set (no rewrite, no
 * diff noise when nothing changed). Bare PEM blocks with no text between
 * them, because some TLS stacks' CA-file readers reject anything else.
 */
export function renderBundle(state: StoreState, purpose: Purpose, member: TrustMember = everyStored): string {
  return trustMembers(state, purpose, member).map(pemOf).join('');
}

/**
 * Rewrites each bundle whose bytes on disk differ from what `state` gives.
 * Comparing with the disk rather than with the previous state also repairs
 * bundles left one change behind by a crash between store.json and them.
 */
export async function syncBundles(dir: string, state: StoreState, member: TrustMember = everyStored): Promise<void> {
  await mkdir(bundlesDir(dir), { recursive: true, mode: 0o755 });
  for (const purpose of PURPOSES) {
    const wanted = Buffer.from(renderBundle(state, purpose, member), 'ascii');
    const path = bundlePath(dir, purpose);
    // A link planted at a bundle's name counts as a wrong bundle, so the write replaces it.
    const onDisk = await readRegularFileIfExists(path);
    if (onDisk === null || !onDisk.equals(wanted)) await writeFileDurable(path, wanted, { mode: BUNDLE_MODE });
  }
  await syncHashedDirs(dir, state, { member });
}

function pemOf(certificate: StoredCertificate): string {
  return certificatePem(certificate.der);
}
