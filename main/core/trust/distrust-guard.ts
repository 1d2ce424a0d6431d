/**
 * Refuses adding a distrusted certificate (issue 16 §3) at the one place every
 * manual addition passes — the store's update, under its lock — so `add`,
 * `fetch` and the kiosk's confirm all refuse it and nothing reaches the disk.
 * The judge ignores distrusted certificates anyway; this keeps a person from
 * storing one and believing it counts.
 */
import { ThinCertError } from '../errors';
import type { CertStore, StoreState } from '../store/types';

export function refusingDistrusted(store: CertStore, distrusted: () => Promise<ReadonlySet<string>>): CertStore {
  return {
    dir: store.dir,
    read: () => store.read(),
    async update(change) {
      const list = await distrusted();
      return store.update((state) => {
        const outcome = change(state);
        if (outcome.state !== null) refuseNewlyDistrusted(state, outcome.state, list);
        return outcome;
      });
    },
  };
}

function refuseNewlyDistrusted(before: StoreState, after: StoreState, list: ReadonlySet<string>): void {
  for (const [fingerprint, cert] of Object.entries(after.certificates)) {
    if (!list.has(fingerprint)) continue;
    const was = before.certificates[fingerprint];
    if (was !== undefined && cert.purposes.every((purpose) => was.purposes.includes(purpose))) continue;
    throw new ThinCertError(
      'distrusted',
      `The certificate "${cert.details.subject}" (SHA-256 ${fingerprint}) is on the distrust list: it cannot be added.`,
      { subject: cert.details.subject, fingerprint },
    );
  }
}
