/**
 * `thincert check` and "add from server": probe a server for a purpose (RDP:
 * X.224 negotiation then TLS; others: TLS) and judge it by the trust rules.
 */
import type { LookupFunction } from 'node:net';
import type { CheckResult, Reason } from '../../../app/schemas';
import { DEFAULT_PORTS, type Purpose } from '../../../app/purposes';
import type { Clock } from '../clock';
import { isThinCertError } from '../errors';
import { isIpLiteral } from '../probes/address';
import { probeRdp } from '../probes/rdp';
import { probeTls } from '../probes/tls';
import type { ProbeOptions, ProbeResult } from '../probes/types';
import type { StoredCertificate } from '../store/types';
import { presentedCertificate } from './certificate-view';
import { chainCertificate } from './chain-certificate';
import { judgeChain, type JudgeInput, type Judgement } from './judge';
import { reasonFromError } from './reasons';
import type { TrustRules } from './trust-rules';
import { withRevocation, type JudgementWithWarnings, type RevocationDeps } from '../revocation/revocation-step';

export interface ServerTarget {
  purpose: Purpose;
  host: string;
  port?: number;
  connectTo?: string;
  timeoutMs?: number;
}

export interface CheckDeps {
  /** Stored certificates; all of them may be passed — those of other purposes only give hints. */
  stored: readonly StoredCertificate[];
  clock: Clock;
  /** Name resolution for the probe (tests: no DNS traffic). */
  lookup?: LookupFunction;
  /** Issue 16 §3: distrust list, name limits and trust level for this purpose (none when absent). */
  rules?: TrustRules;
  /** Issue 16 §2: revocation mode and sources for this purpose (off when absent). */
  revocation?: RevocationDeps;
}

export interface ServerChain {
  host: string;
  port: number;
  /** DER as the server sent it, leaf first (no anchors were given, so nothing was appended). */
  chain: Buffer[];
  protocol: string | null;
}

export async function checkServer(target: ServerTarget, deps: CheckDeps): Promise<CheckResult> {
  const started = performance.now();
  const port = target.port ?? DEFAULT_PORTS[target.purpose];
  const anchors = deps.stored
    .filter((s) => s.purposes.includes(target.purpose) && s.details.isCA)
    .map((s) => Buffer.from(s.der, 'base64'));
  const base = { purpose: target.purpose, host: target.host, port };
  let probe: ProbeResult;
  try {
    const requestOcsp = deps.revocation !== undefined && deps.revocation.modes[target.purpose] !== 'off';
    probe = await probeFor(target.purpose)({ ...probeOptions(target, port, deps, anchors), ...(requestOcsp ? { requestOcsp } : {}) });
  } catch (error) {
    if (!isThinCertError(error)) throw error;
    const unreachable: Reason = reasonFromError(error);
    return { ...base, trusted: false, by: null, reasons: [unreachable], warnings: [], chain: [], protocol: null, durationMs: elapsed(started) };
  }
  const now = deps.clock.now();
  const presented = { purpose: target.purpose, host: target.host, chain: probe.chain, verdict: probe.verdict, now };
  const judgement = await judgePresentedWithRevocation(presented, deps, probe.ocspResponse ?? null);
  return {
    ...base,
    ...judgement,
    chain: chainView(probe.chain, now),
    protocol: probe.protocol,
    durationMs: elapsed(started),
  };
}

/** What was presented and when: everything judgeChain takes that does not come from the device. */
export type PresentedInput = Omit<JudgeInput, 'stored' | 'rules'>;

/**
 * The one judging path of `check` and `verify` (issue 16): what the device
 * contributes (stored certificates, trust rules, whatever CheckDeps gains)
 * reaches judgeChain here, so a rule added here or in judge.ts applies to both.
 */
export function judgePresented(presented: PresentedInput, deps: Pick<CheckDeps, 'stored' | 'rules'>): Judgement {
  return judgeChain({ ...presented, stored: deps.stored, ...(deps.rules === undefined ? {} : { rules: deps.rules }) });
}

/**
 * judgePresented, then (issue 16 §2) revocation of a trusted path by the
 * purpose's mode: the async half of the judging path, for `check` and `verify`.
 * `stapled` is the OCSP response the server sent in the handshake, if any.
 */
export async function judgePresentedWithRevocation(
  presented: PresentedInput,
  deps: Pick<CheckDeps, 'stored' | 'rules' | 'revocation'>,
  stapled: Buffer | null = null,
): Promise<JudgementWithWarnings> {
  const judgement = judgePresented(presented, deps);
  if (deps.revocation === undefined) return { ...judgement, warnings: [] };
  return withRevocation(judgement, { ...presented, stored: deps.stored, stapled }, deps.revocation);
}

/** Reads what the server presents, without judging it, for the "add from server" flow. */
export async function fetchServerChain(target: ServerTarget, deps: Pick<CheckDeps, 'lookup'> = {}): Promise<ServerChain> {
  const port = target.port ?? DEFAULT_PORTS[target.purpose];
  const options = probeOptions(target, port, deps, undefined);
  const probe = await probeFor(target.purpose)(options);
  return { host: target.host, port, chain: probe.chain, protocol: probe.protocol };
}

function probeFor(purpose: Purpose): (options: ProbeOptions) => Promise<ProbeResult> {
  return purpose === 'rdp' ? probeRdp : probeTls;
}

function probeOptions(target: ServerTarget, port: number, deps: Pick<CheckDeps, 'lookup'>, ca: Buffer[] | undefined): ProbeOptions {
  return {
    host: target.host,
    port,
    ...(target.connectTo === undefined ? {} : { connectTo: target.connectTo }),
    ...(target.timeoutMs === undefined ? {} : { timeoutMs: target.timeoutMs }),
    ...(ca === undefined ? {} : { ca }),
    ...(deps.lookup === undefined || isIpLiteral(target.connectTo ?? target.host) ? {} : { lookup: deps.lookup }),
  };
}

/** Chain entries that ThinCert cannot parse are left out; the judgement already says why. */
function chainView(chain: readonly Buffer[], now: Date): CheckResult['chain'] {
  const view: CheckResult['chain'] = [];
  for (const der of chain) {
    try {
      view.push(presentedCertificate(chainCertificate(der).details, now));
    } catch (error) {
      if (!isThinCertError(error)) throw error;
    }
  }
  return view;
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
