/**
 * How management changes the certificate store: the pinned `ksc` leaf
 * (§1, §4.5, announced rotation §3) and the policy's certificates (§3).
 * Pure functions from one StoreState to the next, run inside CertStore.update
 * so each change is one atomic, locked write of store.json.
 */
import type { Purpose } from '../../../app/purposes';
import type { CertSource } from '../../../app/schemas';
import { detailsOf } from '../x509/details';
import type { StoreState, StoredCertificate } from '../store/types';
import type { Policy, PolicyPurpose } from './policy';
import { POLICY_PURPOSES } from './policy';
import { derOfSinglePem, digestOf, showFingerprint } from './protocol-certificate';
import type { ManagementRecord } from './state';

type Owned = ManagementRecord['policyOwned'];

function entryFor(der: Buffer, purposes: Purpose[], source: CertSource, now: Date): StoredCertificate {
  return {
    fingerprint: showFingerprint(digestOf(der)),
    der: der.toString('base64'),
    details: detailsOf(der),
    purposes,
    source,
    label: null,
    addedAt: now.toISOString(),
  };
}

function withPurposes(cert: StoredCertificate, purposes: Purpose[]): StoredCertificate {
  return { ...cert, purposes: [...new Set(purposes)] };
}

/**
 * Makes `der` the one `ksc` certificate. The previous pin loses `ksc`: it is
 * history (kept in state.json), never trusted again (§4.5); a store entry left
 * with no purpose is dropped, as the store does for `remove`.
 */
export function pinLeaf(state: StoreState, der: Buffer, source: 'enrollment' | 'replacement', now: Date): StoreState {
  const fingerprint = showFingerprint(digestOf(der));
  const certificates: Record<string, StoredCertificate> = {};
  for (const [key, cert] of Object.entries(state.certificates)) {
    if (key === fingerprint || !cert.purposes.includes('ksc')) {
      certificates[key] = cert;
      continue;
    }
    const rest = cert.purposes.filter((purpose) => purpose !== 'ksc');
    if (rest.length > 0) certificates[key] = withPurposes(cert, rest);
  }
  const existing = certificates[fingerprint];
  certificates[fingerprint] =
    existing === undefined
      ? entryFor(der, ['ksc'], source, now)
      : { ...withPurposes(existing, [...existing.purposes, 'ksc']), source };
  return { ...state, certificates };
}

/**
 * Makes the store's policy certificates exactly the policy's list (§3) and
 * returns the new ownership map. A certificate the operator had added by hand
 * and the policy also lists is taken over (source `policy`, so it counts in
 * managed mode) and given back as it was when the policy drops it; manual
 * certificates the policy does not list are never touched.
 */
export function applyPolicyCertificates(
  state: StoreState,
  policy: Policy,
  owned: Owned,
  now: Date,
): { state: StoreState; owned: Owned } {
  const wanted = new Map<string, { der: Buffer; purposes: Set<PolicyPurpose> }>();
  for (const { purpose, pem } of policy.certificates) {
    // Validation (policy.ts) already proved every PEM parses.
    const der = derOfSinglePem(pem);
    if (der === null) continue;
    const fingerprint = showFingerprint(digestOf(der));
    const entry = wanted.get(fingerprint) ?? { der, purposes: new Set<PolicyPurpose>() };
    entry.purposes.add(purpose);
    wanted.set(fingerprint, entry);
  }

  const certificates = { ...state.certificates };
  const nextOwned: Owned = {};

  // A `policy` entry the ownership map does not know (state.json lost) is the policy's all the same.
  const ownedNow: Owned = { ...owned };
  for (const [fingerprint, cert] of Object.entries(certificates)) {
    if (cert.source === 'policy' && ownedNow[fingerprint] === undefined) {
      ownedNow[fingerprint] = { previousSource: null, previousPurposes: [] };
    }
  }

  for (const [fingerprint, before] of Object.entries(ownedNow)) {
    if (wanted.has(fingerprint)) continue;
    const cert = certificates[fingerprint];
    if (cert === undefined) continue;
    const kept = keptPurposes(cert, before.previousPurposes);
    if (kept.length === 0) delete certificates[fingerprint];
    else certificates[fingerprint] = { ...withPurposes(cert, kept), source: before.previousSource ?? cert.source };
  }

  for (const [fingerprint, { der, purposes }] of wanted) {
    const cert = certificates[fingerprint];
    const before = ownedNow[fingerprint] ?? (cert === undefined ? { previousSource: null, previousPurposes: [] } : { previousSource: cert.source, previousPurposes: cert.purposes });
    nextOwned[fingerprint] = before;
    const all = [...before.previousPurposes, ...purposes, ...(cert?.purposes.includes('ksc') ? (['ksc'] as const) : [])];
    certificates[fingerprint] =
      cert === undefined ? entryFor(der, [...purposes], 'policy', now) : { ...withPurposes(cert, all), source: 'policy' };
  }

  return { state: { ...state, certificates }, owned: nextOwned };
}

/** What an operator's certificate had before the policy: its own purposes plus a `ksc` pin it may carry. */
function keptPurposes(cert: StoredCertificate, previous: Purpose[]): Purpose[] {
  const policyPurposes: readonly Purpose[] = POLICY_PURPOSES;
  return [...new Set([...previous, ...cert.purposes.filter((purpose) => !policyPurposes.includes(purpose))])];
}

/** True when two store states hold the same entries (skip a write that changes nothing). */
export function sameCertificates(a: StoreState, b: StoreState): boolean {
  return JSON.stringify(a.certificates) === JSON.stringify(b.certificates);
}
