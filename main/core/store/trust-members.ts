/**
 * Which stored certificates the files other programs read (PEM bundles,
 * hashed folders) hold for a purpose. The store knows nothing of management:
 * the rule in force (ARCHITECTURE.md rule 4, managed mode) is given to it by
 * whoever opens it, so curl or FreeRDP never trust what `check` would refuse.
 */
import type { Purpose } from '../../../app/purposes';
import type { StoreState, StoredCertificate } from './types';

/** True when `cert` counts for `purpose` under the trust rules in force now. */
export type TrustMember = (cert: StoredCertificate, purpose: Purpose) => boolean;

/** Without a rule (no management): every certificate stored for the purpose. */
export const everyStored: TrustMember = (cert, purpose) => cert.purposes.includes(purpose);

/** Reads the rule fresh under the store's lock: managed mode may have changed since the last write. */
export type TrustMembersSource = () => Promise<TrustMember>;

/** The members, ordered by fingerprint so the files' bytes depend only on the set. */
export function trustMembers(state: StoreState, purpose: Purpose, member: TrustMember = everyStored): StoredCertificate[] {
  return Object.values(state.certificates)
    .filter((certificate) => certificate.purposes.includes(purpose) && member(certificate, purpose))
    .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
}
