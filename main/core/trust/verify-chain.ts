/**
 * `verify` (issue 16 §1): judge a chain as if a server had presented it for a
 * purpose and name, through the same judging path as `check`
 * (check.ts judgePresented). Only the source of OpenSSL's verdict differs:
 * no handshake, so the links are checked by OpenSSL one by one
 * (verify-verdict.ts). Nothing is stored or changed.
 */
import type { Purpose } from '../../../app/purposes';
import type { Certificate } from '../../../app/schemas';
import type { VerifyResult } from '../../../app/verify-channels';
import { isThinCertError } from '../errors';
import type { StoredCertificate } from '../store/types';
import { buildPath } from './certificate-path';
import { presentedCertificate } from './certificate-view';
import { chainCertificate, type ChainCertificate } from './chain-certificate';
import { judgePresentedWithRevocation, type CheckDeps } from './check';
import type { JudgementWithWarnings } from '../revocation/revocation-step';
import { stepwiseVerdict } from './verify-verdict';
import type { OpensslVerdict } from '../probes/tls-handshake';
import { anchorsOf } from './verify-anchors';

export interface VerifyRequest {
  purpose: Purpose;
  /** DER, leaf first, then intermediates in any order. */
  chain: readonly Buffer[];
  /** The server name; null: not checked (and the result says so). */
  name: string | null;
  /** Judge at this time; null: now by the device's clock. */
  at: Date | null;
  /** What-if anchors and pins used instead of the stored certificates; null: the store's. */
  anchors: readonly StoredCertificate[] | null;
}

/** What the service judges with (create-service.ts trustDeps): the same as `check`'s, without name resolution. */
export type VerifyDeps = Omit<CheckDeps, 'lookup'>;

export type VerifyJudgement = JudgementWithWarnings & { nameChecked: boolean; at: Date };

export async function verifyChain(request: VerifyRequest, deps: VerifyDeps): Promise<VerifyResult> {
  const started = performance.now();
  const { at, ...judgement } = await judgeVerify(request, deps);
  return {
    purpose: request.purpose,
    name: request.name,
    at: at.toISOString(),
    ...judgement,
    chain: chainView(request.chain, at),
    durationMs: Math.round(performance.now() - started),
  };
}

/** The verdict alone, without the chain's view: what a `--stdin` line answers. Revocation as for `check` (no stapled response). */
export async function judgeVerify(request: VerifyRequest, deps: VerifyDeps): Promise<VerifyJudgement> {
  const now = request.at ?? deps.clock.now();
  const stored = request.anchors ?? deps.stored;
  const judgement = await judgePresentedWithRevocation(
    {
      purpose: request.purpose,
      host: request.name ?? '',
      chain: request.chain,
      verdict: verdictFor(request.chain, stored, request.purpose),
      now,
      checkName: request.name !== null,
      explicitTime: request.at !== null,
    },
    { ...deps, stored },
  );
  return { ...judgement, nameChecked: request.name !== null, at: now };
}

/** OpenSSL's verdict on the path to this purpose's anchors; null when a certificate cannot be read (the judge says so). */
function verdictFor(chain: readonly Buffer[], stored: readonly StoredCertificate[], purpose: Purpose): OpensslVerdict | null {
  const presented: ChainCertificate[] = [];
  try {
    for (const der of chain) presented.push(chainCertificate(der));
  } catch (error) {
    if (!isThinCertError(error)) throw error;
    return null;
  }
  if (presented.length === 0) return null;
  return stepwiseVerdict(buildPath(presented, anchorsOf(stored, purpose)));
}

function chainView(chain: readonly Buffer[], now: Date): Certificate[] {
  const view: Certificate[] = [];
  for (const der of chain) {
    try {
      view.push(presentedCertificate(chainCertificate(der).details, now));
    } catch (error) {
      if (!isThinCertError(error)) throw error;
    }
  }
  return view;
}
