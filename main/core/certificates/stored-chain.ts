/**
 * The chain of a stored certificate as far as the store knows it (issue 6,
 * details "the chain when known"): each issuer is a stored certificate whose
 * name matches and whose key verifies the signature (OpenSSL's checkIssued,
 * then verify), whatever its purpose.
 */
import type { StoreState, StoredCertificate } from '../store/types';
import { chainCertificate, issuedBy } from '../trust/chain-certificate';

const MAX_DEPTH = 8;

export function storedIssuers(leaf: StoredCertificate, state: StoreState): StoredCertificate[] {
  const chain: StoredCertificate[] = [];
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH && !current.details.selfSigned; depth++) {
    const child = chainCertificate(Buffer.from(current.der, 'base64'));
    const parent = Object.values(state.certificates).find(
      (candidate) =>
        candidate.details.subject === current.details.issuer &&
        candidate.fingerprint !== current.fingerprint &&
        !chain.includes(candidate) &&
        issuedBy(child, chainCertificate(Buffer.from(candidate.der, 'base64'))),
    );
    if (!parent) break;
    chain.push(parent);
    current = parent;
  }
  return chain;
}
