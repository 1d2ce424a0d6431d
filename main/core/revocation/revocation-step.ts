/**
 * The revocation step of the judging path (issue 16 §2): run after the trust
 * rules said "trusted", by the purpose's mode. With `off` (the default) or an
 * untrusted verdict it returns at once, and the ASN.1 parsers and the sources
 * (revocation-check.ts) are not even loaded: the CLI's start stays as it was.
 */
import type { LookupFunction } from 'node:net';
import type { Reason } from '../../../app/schemas';
import type { Purpose } from '../../../app/purposes';
import type { StoredCertificate } from '../store/types';
import type { Judgement } from '../trust/judge';
import type { RevocationModes } from './modes';

export interface RevocationDeps {
  /** The mode in force per purpose: the policy's in managed mode, else the device setting (in-force.ts). */
  modes: RevocationModes;
  dataDir: string;
  /** CRLs the policy in force delivers (DER or PEM). */
  policyCrls: readonly Buffer[];
  lookup?: LookupFunction;
  /** Per request; default REVOCATION_FETCH_TIMEOUT_MS. */
  fetchTimeoutMs?: number;
}

export interface RevocationInput {
  purpose: Purpose;
  /** DER, leaf first, as presented. */
  chain: readonly Buffer[];
  stored: readonly StoredCertificate[];
  /** The OCSP response the server stapled, if any. */
  stapled: Buffer | null;
  now: Date;
}

export interface JudgementWithWarnings extends Judgement {
  /** Reasons that did not stop trust (soft mode's unknown status). */
  warnings: Reason[];
}

export async function withRevocation(judgement: Judgement, input: RevocationInput, deps: RevocationDeps): Promise<JudgementWithWarnings> {
  const mode = deps.modes[input.purpose];
  if (mode === 'off' || !judgement.trusted) return { ...judgement, warnings: [] };
  const { checkRevocation } = await import('./revocation-check');
  return checkRevocation(judgement, input, deps, mode);
}
