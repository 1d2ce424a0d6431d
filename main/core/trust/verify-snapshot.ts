/**
 * What a worker thread of `verify --stdin` judges with (verify-pool.ts):
 * VerifyDeps as plain data a thread can be given. The clock becomes the
 * instant the batch is judged at, and Buffers, which reach a thread as bare
 * Uint8Arrays, are made Buffers again.
 */
import { fixedClock } from '../clock';
import type { RevocationDeps } from '../revocation/revocation-step';
import type { StoredCertificate } from '../store/types';
import type { TrustRules } from './trust-rules';
import type { VerifyDeps } from './verify-chain';

export interface VerifySnapshot {
  stored: readonly StoredCertificate[];
  rules?: TrustRules;
  revocation?: Omit<RevocationDeps, 'lookup'>;
  /** The batch's "now", ms since the epoch. */
  at: number;
}

/** Null when the deps hold what a thread cannot be given (a test's name resolution). */
export function snapshotOf(deps: VerifyDeps, at: Date): VerifySnapshot | null {
  if (deps.revocation?.lookup !== undefined) return null;
  return {
    stored: deps.stored,
    at: at.getTime(),
    ...(deps.rules === undefined ? {} : { rules: deps.rules }),
    ...(deps.revocation === undefined ? {} : { revocation: deps.revocation }),
  };
}

export function depsOf(snapshot: VerifySnapshot): VerifyDeps {
  const { revocation } = snapshot;
  return {
    stored: snapshot.stored,
    clock: fixedClock(new Date(snapshot.at)),
    ...(snapshot.rules === undefined ? {} : { rules: snapshot.rules }),
    ...(revocation === undefined
      ? {}
      : { revocation: { ...revocation, policyCrls: revocation.policyCrls.map((crl) => Buffer.from(crl.buffer, crl.byteOffset, crl.byteLength)) } }),
  };
}
