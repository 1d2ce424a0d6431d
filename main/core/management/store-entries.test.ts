import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detailsOf } from '../x509/details';
import type { StoreState } from '../store/types';
import { checkPolicy, type Policy } from './policy';
import { applyPolicyCertificates, pinLeaf } from './store-entries';
import { makeCert, tempDir } from './test-support/certs';

const dir = tempDir('entries');
const first = makeCert(dir, 'ksc1.example.test');
const second = makeCert(dir, 'ksc2.example.test');
const rdp = makeCert(dir, 'rdp.example.test');
const now = new Date('2026-11-25T10:00:00Z');
const empty: StoreState = { schemaVersion: 1, certificates: {} };

function policyWith(certificates: { purpose: string; pem: string }[]): Policy {
  const verdict = checkPolicy({ version: 1, revision: 1, managed: true, certificates });
  if (!verdict.ok) throw new Error(verdict.reason);
  return verdict.policy;
}

describe('the pinned ksc certificate in the store', () => {
  it('a new pin takes ksc from the old one, which leaves the store when nothing else holds it', () => {
    const pinned = pinLeaf(empty, first.der, 'enrollment', now);
    const replaced = pinLeaf(pinned, second.der, 'replacement', now);
    expect(Object.keys(replaced.certificates)).toEqual([second.fingerprint]);
    expect(replaced.certificates[second.fingerprint]).toMatchObject({ purposes: ['ksc'], source: 'replacement' });
  });

  it('an old pin that also serves another purpose keeps that purpose only', () => {
    const pinned = pinLeaf(empty, first.der, 'enrollment', now);
    const alsoRdp: StoreState = {
      ...pinned,
      certificates: { [first.fingerprint]: { ...pinned.certificates[first.fingerprint]!, purposes: ['ksc', 'rdp'] } },
    };
    const replaced = pinLeaf(alsoRdp, second.der, 'replacement', now);
    expect(replaced.certificates[first.fingerprint]?.purposes).toEqual(['rdp']);
  });
});

describe('policy certificates in the store (§3)', () => {
  const rdpPem = readFileSync(rdp.cert, 'utf8');

  it('adds listed certificates with source policy and removes them when the policy drops them', () => {
    const added = applyPolicyCertificates(empty, policyWith([{ purpose: 'rdp', pem: rdpPem }, { purpose: 'broker', pem: rdpPem }]), {}, now);
    expect(added.state.certificates[rdp.fingerprint]).toMatchObject({ purposes: ['rdp', 'broker'], source: 'policy' });
    const narrowed = applyPolicyCertificates(added.state, policyWith([{ purpose: 'broker', pem: rdpPem }]), added.owned, now);
    expect(narrowed.state.certificates[rdp.fingerprint]?.purposes).toEqual(['broker']);
    const dropped = applyPolicyCertificates(narrowed.state, policyWith([]), narrowed.owned, now);
    expect(dropped.state.certificates).toEqual({});
    expect(dropped.owned).toEqual({});
  });

  it('leaves manual certificates the policy does not list alone', () => {
    const manual: StoreState = {
      schemaVersion: 1,
      certificates: {
        [rdp.fingerprint]: { fingerprint: rdp.fingerprint, der: rdp.der.toString('base64'), details: detailsOf(rdp.der), purposes: ['rdp'], source: 'manual', label: null, addedAt: now.toISOString() },
      },
    };
    const applied = applyPolicyCertificates(manual, policyWith([]), {}, now);
    expect(applied.state).toEqual(manual);
  });
});
