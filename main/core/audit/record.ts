/**
 * One audit record: a JSON line with a sequence number, the time, the event,
 * who caused it, its details and the SHA-256 of the previous line, so any
 * change, removal or reordering breaks the chain (issue 10).
 */
import { createHash } from 'node:crypto';

export const AUDIT_EVENTS = [
  'certificate-added',
  'certificate-removed',
  'policy-applied',
  'policy-refused',
  'managed-mode-on',
  'managed-mode-off',
  'enrolled',
  'replacement-required',
  'replacement-confirmed',
  'replacement-wrong-code',
  'replacement-locked-out',
  'rotation-taken',
  'setting-changed',
  'audit-tail-damaged',
  'connection-allowed',
  'connection-blocked',
  // Issue 16 §3: the distrust list and anchors limited to names.
  'certificate-distrusted',
  'distrust-removed',
  'anchor-limited',
  // Issue 17: this device's own certificate (never key material, the challenge or a password).
  'identity-enrolled',
  'identity-renewed',
  'identity-imported',
  'identity-removed',
  'identity-failed',
] as const;
export type AuditEvent = (typeof AUDIT_EVENTS)[number];
export type AuditActor = 'ui' | 'cli' | 'policy' | 'system';
export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

export interface AuditRecord {
  seq: number;
  time: string;
  event: AuditEvent;
  actor: AuditActor;
  details: AuditDetails;
  /** SHA-256 (hex) of the previous record's line; GENESIS for the first. */
  prev: string;
}

export const GENESIS = '0'.repeat(64);

export function hashLine(line: string): string {
  return createHash('sha256').update(line, 'utf8').digest('hex');
}

/** Key order is fixed so the same record always makes the same line (and hash). */
export function encodeRecord(record: AuditRecord): string {
  return JSON.stringify({
    seq: record.seq,
    time: record.time,
    event: record.event,
    actor: record.actor,
    details: record.details,
    prev: record.prev,
  });
}

export function decodeRecord(line: string): AuditRecord | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null; // the caller reports the line as damaged
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (
    typeof r.seq !== 'number' || !Number.isInteger(r.seq) || r.seq < 1 ||
    typeof r.time !== 'string' || typeof r.event !== 'string' ||
    !(AUDIT_EVENTS as readonly string[]).includes(r.event) ||
    typeof r.actor !== 'string' || typeof r.prev !== 'string' || !/^[0-9a-f]{64}$/.test(r.prev) ||
    typeof r.details !== 'object' || r.details === null || Array.isArray(r.details)
  ) {
    return null;
  }
  return { seq: r.seq, time: r.time, event: r.event as AuditEvent, actor: r.actor as AuditActor, details: r.details as AuditDetails, prev: r.prev };
}
