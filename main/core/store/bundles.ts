import { mkdir } from 'node:fs/promises';
import { PURPOSES, type Purpose } from '../../../app/purposes';
import { readRegularFileIfExists, writeFilesDurable, type DurableFile } from './durable-file';
import { bundlePath, bundlesDir } from './layout';
import type { StoreState, StoredCertificate } from './types';
import { certificatePem } from '../x509/pem-blocks';
import { planHashedDirs, type TrustFilesPlan } from './hashed-dir';
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
 * Everything other programs read for `state` (PEM bundles, hashed folders,
 * `.curlrc`), as files to replace and hashed files to write in place; only
 * what differs from the disk. Comparing with the disk rather than with the
 * previous state also repairs files left one change behind by a crash
 * between store.json and them. All purposes are looked at together.
 */
export async function planTrustFiles(dir: string, state: StoreState, options: { member?: TrustMember; verify?: boolean } = {}): Promise<TrustFilesPlan> {
  const member = options.member ?? everyStored;
  await mkdir(bundlesDir(dir), { recursive: true, mode: 0o755 });
  const [bundles, hashed] = await Promise.all([
    Promise.all(
      PURPOSES.map(async (purpose): Promise<DurableFile | null> => {
        const wanted = Buffer.from(renderBundle(state, purpose, member), 'ascii');
        const path = bundlePath(dir, purpose);
        // A link planted at a bundle's name counts as a wrong bundle, so the write replaces it.
        const onDisk = await readRegularFileIfExists(path);
        return onDisk === null || !onDisk.equals(wanted) ? { path, data: wanted, mode: BUNDLE_MODE } : null;
      }),
    ),
    planHashedDirs(dir, state, { member, verify: options.verify === true }),
  ]);
  return { files: [...bundles.filter((file): file is DurableFile => file !== null), ...hashed.files], writeInPlace: hashed.writeInPlace };
}

/** Brings every trust file in line with `state` (at start, after a mode change): one fsync round. */
export async function syncTrustFiles(dir: string, state: StoreState, options: { member?: TrustMember; verify?: boolean } = {}): Promise<void> {
  const plan = await planTrustFiles(dir, state, options);
  await writeFilesDurable([{ files: plan.files, before: plan.writeInPlace }]);
}

function pemOf(certificate: StoredCertificate): string {
  return certificatePem(certificate.der);
}
