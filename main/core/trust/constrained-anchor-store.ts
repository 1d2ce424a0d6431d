/**
 * `add PURPOSE FILE --only-for LIST` (issue 16 §3): the limit is set in the
 * same store write that adds the certificates, so the add is all or nothing —
 * a file holding a certificate that is not a CA is refused whole.
 */
import { ThinCertError } from '../errors';
import type { Purpose } from '../../../app/purposes';
import type { CertStore } from '../store/types';

/**
 * A store whose next updates give `fingerprints` (those read from the file)
 * the name limit `onlyFor` for `purpose`; one already stored gets the new limit.
 */
export function limitingAnchors(store: CertStore, purpose: Purpose, fingerprints: ReadonlySet<string>, onlyFor: readonly string[]): CertStore {
  return {
    dir: store.dir,
    read: () => store.read(),
    update: (change) =>
      store.update((state) => {
        const outcome = change(state);
        const base = outcome.state ?? state;
        const certificates = { ...base.certificates };
        let changed = outcome.state !== null;
        for (const fingerprint of fingerprints) {
          const cert = certificates[fingerprint];
          if (cert === undefined || !cert.purposes.includes(purpose)) continue;
          if (!cert.details.isCA) {
            throw new ThinCertError(
              'only-for-not-ca',
              `--only-for limits an authority, but "${cert.details.subject}" is not a CA certificate: add it without --only-for.`,
              { subject: cert.details.subject, fingerprint },
            );
          }
          if (sameList(cert.onlyFor, onlyFor)) continue;
          certificates[fingerprint] = { ...cert, onlyFor: [...onlyFor] };
          changed = true;
        }
        return { state: changed ? { ...base, certificates } : null, result: outcome.result };
      }),
  };
}

function sameList(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((entry, i) => entry === b[i]);
}
