/**
 * `connect rdp` (issue 15): ThinCert judges the server, and only a trusted
 * server gets a FreeRDP session, pinned to the very leaf that was judged, so a
 * server that swaps its certificate between the check and the session is
 * refused by FreeRDP itself.
 */
import { spawn } from 'node:child_process';
import type { CheckResult } from '../../../app/schemas';
import type { RequestOf } from '../../../app/channels';
import type { AuditLog } from '../audit/audit-log';
import type { Actor } from '../service';
import { chooseFreeRdp, freeRdpEnvironment, pinnedArguments, refuseOverrides } from './freerdp-command';
import { describeFreeRdpExit, type FreeRdpExit } from './freerdp-exit';

export interface ConnectRdpRequest {
  host: string;
  port?: number;
  connectTo?: string;
  timeoutMs?: number;
  /** Handed to FreeRDP unchanged; may hold credentials, so never logged, printed or audited. */
  freeRdpArgs: readonly string[];
  env: NodeJS.ProcessEnv;
  actor: Actor;
  /** The kiosk: FreeRDP gets no terminal and its own process group, so it outlives nothing it should not. */
  detached?: boolean;
}

export type ConnectRdpOutcome =
  | { kind: 'unreachable'; check: CheckResult }
  | { kind: 'blocked'; check: CheckResult }
  | { kind: 'ran'; check: CheckResult; shownCommand: string; exit: FreeRdpExit };

export interface ConnectRdpOutput {
  /** ThinCert's own lines about the session (the command it built, never the pass-through arguments). */
  note(text: string): void;
  /** FreeRDP's own output. */
  freeRdp(chunk: Buffer): void;
  /** FreeRDP was started (the kiosk answers then and reports the end later). */
  started?(shownCommand: string, fingerprint: string): void;
}

/** What connecting needs of the Service: its `check` channel and the trail the verdict is recorded in. */
export interface ConnectRdpService {
  check(request: RequestOf<'check'>, call: { actor: Actor }): Promise<CheckResult>;
  audit: Pick<AuditLog, 'append'>;
}

export async function connectRdp(service: ConnectRdpService, request: ConnectRdpRequest, output: ConnectRdpOutput): Promise<ConnectRdpOutcome> {
  // Refused before any connection: a refused input changes nothing, not even the audit trail.
  refuseOverrides(request.freeRdpArgs);
  const binary = chooseFreeRdp(request.env);
  const check = await service.check(
    {
      purpose: 'rdp',
      host: request.host,
      ...(request.port ? { port: request.port } : {}),
      ...(request.connectTo ? { connectTo: request.connectTo } : {}),
      ...(request.timeoutMs ? { timeoutMs: request.timeoutMs } : {}),
    },
    { actor: request.actor },
  );
  const leaf = check.chain[0];
  const server = `${check.host.includes(':') ? `[${check.host}]` : check.host}:${check.port}`;
  await service.audit.append(check.trusted ? 'connection-allowed' : 'connection-blocked', request.actor, {
    purpose: 'rdp',
    server,
    connectTo: request.connectTo ?? null,
    fingerprint: leaf?.fingerprint ?? null,
    subject: leaf?.subject ?? null,
    verdict: check.trusted ? 'trusted' : leaf ? 'not-trusted' : 'unreachable',
    by: check.by,
    reasons: check.reasons.map((r) => r.code),
  });
  if (!leaf) return { kind: 'unreachable', check };
  if (!check.trusted) return { kind: 'blocked', check };

  // The connect-to address is where FreeRDP dials; the pin, not the name, decides.
  const ours = pinnedArguments(request.connectTo ?? check.host, check.port, leaf.fingerprint);
  const shownCommand = [binary, ...ours, ...(request.freeRdpArgs.length > 0 ? [`(+${request.freeRdpArgs.length} argument${request.freeRdpArgs.length === 1 ? '' : 's'} after --, not shown)`] : [])].join(' ');
  output.note(`Starting ${shownCommand}\n`);
  const exit = await runFreeRdp(binary, [...ours, ...request.freeRdpArgs], request.env, output, request.detached ?? false, () =>
    output.started?.(shownCommand, leaf.fingerprint),
  );
  return { kind: 'ran', check, shownCommand, exit };
}

function runFreeRdp(binary: string, args: string[], env: NodeJS.ProcessEnv, output: ConnectRdpOutput, detached: boolean, onSpawn: () => void): Promise<FreeRdpExit> {
  return new Promise((resolve) => {
    // stdin stays the terminal's: FreeRDP asks there for a password that was not given. The kiosk has no terminal.
    const child = spawn(binary, args, { env: freeRdpEnvironment(env), stdio: [detached ? 'ignore' : 'inherit', 'pipe', 'pipe'], detached });
    child.once('spawn', onSpawn);
    child.stdout.on('data', (chunk: Buffer) => output.freeRdp(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.freeRdp(chunk));
    child.once('error', (error) => resolve({ normal: false, words: `FreeRDP could not be started: ${error.message}` }));
    child.once('close', (code, signal) => resolve(describeFreeRdpExit(code, signal)));
  });
}
