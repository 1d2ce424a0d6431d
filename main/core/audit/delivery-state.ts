/**
 * Where audit delivery stands: the durable cursor in `audit/delivery.json` and
 * the outcome of the last attempt. Kept apart from the sender so that reading
 * it (every `status`) does not load the TLS stack.
 */
import path from 'node:path';
import type { CheckDeps } from '../trust/check';
import type { Clock } from '../clock';
import { readFileIfExists, writeFileDurable } from '../store/durable-file';
import type { AuditLog } from './audit-log';
import { readHead } from './verify';

export interface DeliveryState {
  server: string | null;
  state: 'none' | 'ok' | 'waiting' | 'untrusted' | 'unreachable';
  waiting: number;
  lastSent: number;
  lastAttempt: string | null;
  lastError: string | null;
}

export interface DeliveryDeps {
  dataDir: string;
  audit: AuditLog;
  clock: Clock;
  /**
   * What `check` judges every server with (stored certificates, the distrust
   * list, trust levels, revocation): the log server gets no path of its own.
   */
  trust: () => Promise<Omit<CheckDeps, 'clock' | 'lookup'>>;
  deviceId: () => Promise<string | null>;
  timeoutMs?: number;
}

function cursorFile(dataDir: string): string {
  return path.join(dataDir, 'audit', 'delivery.json');
}

export async function readDelivery(dataDir: string): Promise<{ server: string | null; lastSent: number; lastAttempt: string | null; lastError: string | null; state: DeliveryState['state'] }> {
  const bytes = await readFileIfExists(cursorFile(dataDir));
  const empty = { server: null, lastSent: 0, lastAttempt: null, lastError: null, state: 'none' as const };
  if (!bytes) return empty;
  try {
    const raw = JSON.parse(bytes.toString('utf8')) as Partial<DeliveryState>;
    return {
      server: typeof raw.server === 'string' ? raw.server : null,
      lastSent: typeof raw.lastSent === 'number' ? raw.lastSent : 0,
      lastAttempt: typeof raw.lastAttempt === 'string' ? raw.lastAttempt : null,
      lastError: typeof raw.lastError === 'string' ? raw.lastError : null,
      state: raw.state ?? 'none',
    };
  } catch {
    return empty; // an unreadable cursor means "send everything again": at-least-once still holds
  }
}

export async function saveDelivery(dataDir: string, state: Omit<DeliveryState, 'waiting'>): Promise<void> {
  await writeFileDurable(cursorFile(dataDir), JSON.stringify(state), { mode: 0o600 });
}

export async function deliveryStatus(deps: DeliveryDeps, server: string | null): Promise<DeliveryState> {
  const saved = await readDelivery(deps.dataDir);
  const lastSent = saved.server === server ? saved.lastSent : 0;
  // head.json names the newest record: counting what waits needs no parse of the whole trail.
  const head = await readHead(deps.audit.dir);
  const waiting = head ? Math.max(0, head.seq - lastSent) : (await deps.audit.read(lastSent)).length;
  const state: DeliveryState['state'] = server === null ? 'none' : saved.server === server && saved.lastError ? saved.state : waiting > 0 ? 'waiting' : 'ok';
  return { server, state, waiting, lastSent, lastAttempt: saved.lastAttempt, lastError: saved.lastError };
}

