/**
 * The device's and the policy's limits on trust (issue 16 §3) as steps of the
 * one judging path (judge.ts), so `check`, `connect` and `verify` all apply
 * them: the distrust list, anchors limited to names, and the trust level.
 */
import type { Reason } from '../../../app/schemas';
import type { StoredCertificate } from '../store/types';
import { commonNameOf, type ChainCertificate } from './chain-certificate';
import { namesOutsideOnlyFor } from './constrained-anchor';
import { reason } from './reasons';
import { DEFAULT_TRUST_LEVELS, type TrustLevels } from './trust-level';

export interface TrustRules {
  /** SHA-256 fingerprints (store form) never trusted anywhere in a chain. */
  distrusted: ReadonlySet<string>;
  /** What may make a server trusted, per purpose (`verify --stdin` judges several purposes with one set of rules). */
  levels: TrustLevels;
  /** Name limits of anchors the policy delivers, by fingerprint (a stored entry's own `onlyFor` also counts). */
  onlyFor?: ReadonlyMap<string, readonly string[]>;
}

export const NO_RULES: TrustRules = { distrusted: new Set(), levels: DEFAULT_TRUST_LEVELS };

/** A distrusted certificate the server presented (or the anchor its chain reaches) ends the judgement. */
export function distrustedReasons(certificates: readonly ChainCertificate[], rules: TrustRules): Reason[] {
  const seen = new Set<string>();
  const reasons: Reason[] = [];
  for (const certificate of certificates) {
    const { fingerprint, subject } = certificate.details;
    if (!rules.distrusted.has(fingerprint) || seen.has(fingerprint)) continue;
    seen.add(fingerprint);
    reasons.push(reason('distrusted', { subject, fingerprint }));
  }
  return reasons;
}

/** The anchor's name limit: the server name (null: none was given) and every name on the leaf must lie within it. */
export function onlyForReasons(anchor: ChainCertificate, stored: StoredCertificate | undefined, leaf: ChainCertificate, host: string | null, rules: TrustRules): Reason[] {
  const limit = stored?.onlyFor ?? rules.onlyFor?.get(anchor.details.fingerprint) ?? null;
  if (limit === null || limit.length === 0) return [];
  const sans = leaf.details.subjectAltNames.filter((n) => n.startsWith('DNS:') || n.startsWith('IP:'));
  const common = commonNameOf(leaf);
  const names = sans.length > 0 || common === null ? sans : [`DNS:${common}`];
  return namesOutsideOnlyFor(host, names, limit).map((name) =>
    reason('anchor-not-for-name', { name, anchor: anchor.details.subject, allowed: limit.join(', ') }),
  );
}

/** Certificate views with the policy's name limits shown on the policy's anchors (a stored entry's own limit wins). */
export function withPolicyLimits<T extends { fingerprint: string; isCA: boolean; onlyFor?: string[] | null | undefined }>(views: readonly T[], rules: TrustRules): T[] {
  return views.map((view) => {
    const limit = view.isCA && !view.onlyFor ? rules.onlyFor?.get(view.fingerprint) : undefined;
    return limit === undefined ? view : { ...view, onlyFor: [...limit] };
  });
}
