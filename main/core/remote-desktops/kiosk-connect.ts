/**
 * Connect from the kiosk (issue 15): the same path as `thincert connect rdp`
 * (connect-rdp.ts: judged by `check`, audited, FreeRDP pinned to the judged
 * leaf), with FreeRDP detached from the answer, and, when ThinCert does not
 * trust the server, what the operator may do about it: trust a first
 * certificate, trust a changed one in place of this server's old pin, or
 * nothing (managed device, expired or weak certificate, unreachable).
 *
 * A certificate offered for trust is held in main by an unguessable id
 * (certificates/held.ts, as the fetched chains of "add from a server" are):
 * what is pinned is exactly what was shown, never what the renderer sends.
 */
import { randomUUID } from 'node:crypto';
import type { AdminContact, CheckResult, Reason } from '../../../app/schemas';
import type { ConnectAnswer } from '../../../app/remote-desktop-channels';
import type { Clock } from '../clock';
import type { Actor } from '../service';
import type { CertStore } from '../store/types';
import { ThinCertError, isThinCertError } from '../errors';
import { connectRdp, type ConnectRdpService } from '../connect/connect-rdp';
import { detailsOf } from '../x509/details';
import { createHeld } from '../certificates/held';
import { chooseFromChain, type PresentedCertificate } from '../certificates/from-server';
import { viewOfDetails, viewOfStored } from '../certificates/view';
import { certificateChanges, previousPin, serverKey, withServerPin } from './server-pins';

export interface KioskConnectDeps {
  service: ConnectRdpService;
  store: CertStore;
  clock: Clock;
  /** FreeRDP's environment: DISPLAY, PATH; THINCERT_FREERDP and THINCERT_FREERDP_ARGS choose the build and extra arguments. */
  env: NodeJS.ProcessEnv;
  /** Re-reads managed mode and settings (another process may have changed them). */
  refresh(): Promise<void>;
  managed(): { managed: boolean; adminContact: AdminContact | null };
  /** Pins through the same audited path as every other change of trust. */
  audited<T>(actor: Actor, change: () => Promise<T>): Promise<T>;
  sessionEnded(payload: { sessionId: string; host: string; port: number; normal: boolean; words: string }): void;
}

interface HeldConnect {
  host: string;
  port: number;
  leaf: PresentedCertificate;
  replaces: string | null;
}

/** Arguments the device (or a test) gives every kiosk session, e.g. `/f` or `+auth-only /u:x /p:y`; never logged. */
export function kioskFreeRdpArgs(env: NodeJS.ProcessEnv): string[] {
  return (env.THINCERT_FREERDP_ARGS ?? '').split(/\s+/).filter((arg) => arg !== '');
}

export function createKioskConnect(deps: KioskConnectDeps) {
  const held = createHeld<HeldConnect>(deps.clock, {
    unknown: () => new ThinCertError('connect-expired', 'That server answer is no longer known: press Connect again.'),
  });

  /** Resolves when FreeRDP started, or with why ThinCert did not start it. */
  function startOrJudge(host: string, port: number, actor: Actor): Promise<ConnectAnswer | { blocked: CheckResult }> {
    return new Promise((resolve, reject) => {
      const sessionId = randomUUID();
      let answered = false;
      const running = connectRdp(
        deps.service,
        { host, port, freeRdpArgs: kioskFreeRdpArgs(deps.env), env: deps.env, actor, detached: true },
        {
          note: () => undefined,
          freeRdp: () => undefined,
          started: (_command, fingerprint) => {
            answered = true;
            resolve({ kind: 'started', sessionId, host, port, fingerprint });
          },
        },
      );
      running.then(
        (outcome) => {
          if (outcome.kind === 'ran') {
            if (answered) deps.sessionEnded({ sessionId, host, port, normal: outcome.exit.normal, words: outcome.exit.words });
            else reject(new ThinCertError('freerdp-failed', `FreeRDP did not start: ${outcome.exit.words}.`, { words: outcome.exit.words }));
            return;
          }
          if (outcome.kind === 'unreachable') {
            // No TLS at all is a server to fix, not a network to check.
            const noTls = outcome.check.reasons.some((r) => r.code === 'rdp-standard-security-only');
            resolve({ kind: noTls ? 'untrusted' : 'unreachable', host, port, reasons: outcome.check.reasons });
            return;
          }
          resolve({ blocked: outcome.check });
        },
        (error: unknown) => (answered ? console.error('thincert: remote desktop session failed:', error) : reject(error)),
      );
    });
  }

  async function offerTrust(host: string, port: number, check: CheckResult): Promise<ConnectAnswer> {
    const untrusted: ConnectAnswer = { kind: 'untrusted', host, port, reasons: check.reasons };
    const judged = check.chain[0];
    if (!judged || judged.status === 'expired' || judged.status === 'not-yet-valid') return untrusted;
    // The check keeps no DER; read the leaf again and hold it only if it is the one judged.
    const { fetchServerChain } = await import('../trust/check');
    let leaf: PresentedCertificate;
    try {
      const der = (await fetchServerChain({ purpose: 'rdp', host, port })).chain[0];
      if (!der) return untrusted;
      leaf = chooseFromChain({ presented: [{ der, details: detailsOf(der) }] }, judged.fingerprint);
    } catch (error) {
      if (!isThinCertError(error)) throw error;
      // Weak key, or the server changed its certificate between the two reads.
      return { ...untrusted, reasons: [...check.reasons, reasonOf(error)] };
    }
    const now = deps.clock.now();
    const previous = previousPin(await deps.store.read(), host, port, leaf.details.fingerprint);
    const connectId = held.hold({ host, port, leaf, replaces: previous?.fingerprint ?? null });
    const presented = viewOfDetails(leaf.details, now);
    if (!previous) return { kind: 'first-connection', host, port, certificate: presented, connectId };
    const expired = Date.parse(previous.details.notAfter) < now.getTime();
    return {
      kind: 'changed-certificate',
      host,
      port,
      previous: viewOfStored(previous, now),
      presented,
      changes: certificateChanges(previous.details, leaf.details),
      previousExpired: expired ? previous.details.notAfter : null,
      connectId,
    };
  }

  async function connect(host: string, port: number, actor: Actor): Promise<ConnectAnswer> {
    await deps.refresh();
    const answer = await startOrJudge(host, port, actor);
    if (!('blocked' in answer)) return answer;
    const mode = deps.managed();
    if (mode.managed) return { kind: 'managed-refusal', host, port, reasons: answer.blocked.reasons, adminContact: mode.adminContact };
    return offerTrust(host, port, answer.blocked);
  }

  return {
    connect,

    async trustAndConnect(connectId: string, fingerprint: string, actor: Actor): Promise<ConnectAnswer> {
      const offer = held.get(connectId);
      await deps.refresh();
      const mode = deps.managed();
      if (mode.managed) {
        throw managedRefusal(mode.adminContact);
      }
      // Refused before anything is written when the fingerprint is not the one shown.
      const chosen = chooseFromChain({ presented: [offer.leaf] }, fingerprint);
      const addedAt = deps.clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
      await deps.audited(actor, () =>
        deps.store.update((state) => ({
          state: withServerPin(state, { der: chosen.der, details: chosen.details, server: serverKey(offer.host, offer.port), replaces: offer.replaces, addedAt }),
          result: undefined,
        })),
      );
      held.release(connectId);
      return connect(offer.host, offer.port, actor);
    },

    cancel(connectId: string): void {
      held.release(connectId);
    },
  };
}

function reasonOf(error: ThinCertError): Reason {
  return { code: error.code, message: error.message, ...(error.params ? { params: error.params } : {}) };
}

export function managedRefusal(contact: AdminContact | null): ThinCertError {
  const admin = contact?.name ?? 'the administrator';
  return new ThinCertError('managed', `These remote desktops are managed by ${admin}; ask them to change the policy.`, { admin });
}
