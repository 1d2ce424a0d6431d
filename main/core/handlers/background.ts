/**
 * What a long-running host (the kiosk, the web host) does on its own: the
 * policy sync every few minutes (PROTOCOL.md §3) and the audit backlog sent
 * to the log server soon after a change, then on a timer.
 */
import { ThinCertError } from '../errors';
import type { ManagementClient } from '../management/client';
import { refreshTrustFiles } from '../store/trust-files';
import type { CertStore } from '../store/types';
import type { Mutations } from './mutation';

const DEFAULT_SYNC_INTERVAL_MS = 5 * 60_000;
const FORWARD_MIN_MS = 2_000;
const FORWARD_MAX_MS = 5 * 60_000;

export interface BackgroundDeps {
  store: CertStore;
  management: ManagementClient;
  changes: Mutations;
  /** Delivers the audit backlog; throws when the log server cannot take it. */
  sendAudit(): Promise<unknown>;
  syncIntervalMs?: number;
  /** The trust files at start wait for this (the host's first screen); default: at once. */
  trustFilesAfter?: Promise<unknown>;
}

export interface Background {
  /** The trail grew (here or in another process): deliver soon. */
  trailGrew(): void;
  stop(): void;
}

export function startBackground(deps: BackgroundDeps): Background {
  // Issue 15: what other programs read (bundles, hashed folders) is made whole at start, not only at the next change.
  void (deps.trustFilesAfter ?? Promise.resolve())
    .then(() => refreshTrustFiles(deps.store))
    .catch((error: unknown) => console.error('thincert: could not write the trust files:', error));
  const syncNow = async () => {
    const status = await deps.management.status();
    if (status.state === 'not-enrolled' || status.state === 'no-device-key') return;
    await deps.changes.trust('policy', () => deps.management.sync()).catch((error: unknown) => {
      // The outcome (unreachable, replacement required, refused policy) is in status; a bug is not.
      if (!(error instanceof ThinCertError)) console.error('thincert: background sync failed:', error);
    });
  };
  void syncNow();
  const timer = setInterval(() => void syncNow(), deps.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS);
  timer.unref();
  const forwarding = startForwarding(deps.sendAudit);
  return {
    trailGrew: () => forwarding.soon(),
    stop: () => {
      clearInterval(timer);
      forwarding.stop();
    },
  };
}

/**
 * Sends the audit backlog in the background: soon after a change, then on a
 * timer; after a failure the wait doubles up to five minutes (issue 10:
 * "retried with backoff (capped)"). An attempt changes no management state, so
 * it announces nothing (issue 14); `status` shows how delivery stands.
 */
function startForwarding(send: () => Promise<unknown>) {
  let delay = FORWARD_MIN_MS;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let stopped = false;
  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void attempt(), ms);
    timer.unref();
  };
  const attempt = async () => {
    if (running || stopped) return;
    running = true;
    try {
      await send();
      delay = FORWARD_MIN_MS;
      schedule(60_000);
    } catch (error) {
      if (!(error instanceof ThinCertError)) console.error('thincert: audit forwarding failed:', error);
      delay = Math.min(delay * 2, FORWARD_MAX_MS);
      schedule(delay);
    } finally {
      running = false;
    }
  };
  schedule(500);
  return {
    soon: () => schedule(delay),
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
