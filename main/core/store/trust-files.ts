/**
 * Rewrites what other programs read (bundles, hashed folders, .curlrc) from the
 * store as it is now. Every change of trust does this under the store's lock;
 * this is the same at start, so files left behind by an older ThinCert or
 * removed by hand are there again before anything is pointed at them.
 */
import { mkdir } from 'node:fs/promises';
import { syncTrustFiles } from './bundles';
import { withDirLock } from './durable-file';
import type { OpenedCertStore } from './cert-store';
import { everyStored } from './trust-members';

/**
 * `verify` reads every hashed file back (seconds for 10,000 certificates): the
 * long-running host does it at start; a CLI command trusts the manifest and
 * only restores missing names.
 */
export async function refreshTrustFiles(store: OpenedCertStore, options: { verify: boolean } = { verify: true }): Promise<void> {
  await mkdir(store.dir, { recursive: true, mode: 0o700 });
  await withDirLock(store.dir, async () => {
    const state = await store.read();
    // The rule the store writes with, read under the lock like a change does: managed mode may have just changed.
    const member = store.trustMembers ? await store.trustMembers() : everyStored;
    await syncTrustFiles(store.dir, state, { member, verify: options.verify });
  });
}
