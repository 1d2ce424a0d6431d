/**
 * Audit records as syslog messages: RFC 5424 format, framed for TLS transport
 * by octet counting (RFC 5425 §4.3: "MSG-LEN SP SYSLOG-MSG").
 */
import os from 'node:os';
import type { AuditRecord } from './record';

/** Facility 10 (security/authorization, "authpriv"), severity 5 (notice): RFC 5424 §6.2.1. */
const PRI = 10 * 8 + 5;
/** Private enterprise number 32473 is reserved for documentation (RFC 5612). */
const SD_ID = 'thincert@32473';

function sdEscape(value: string): string {
  return value.replace(/[\\"\]]/g, (c) => `\\${c}`);
}

/** RFC 5424 HOSTNAME: printable US-ASCII, at most 255 characters, no spaces. */
export function syslogHostname(name = os.hostname()): string {
  const clean = name.replace(/[^\x21-\x7e]/g, '').slice(0, 255);
  return clean === '' ? '-' : clean;
}

export function formatSyslogMessage(record: AuditRecord, hostname: string, deviceId: string | null): string {
  const sd = `[${SD_ID} seq="${record.seq}" event="${sdEscape(record.event)}" actor="${sdEscape(record.actor)}"${deviceId ? ` device="${sdEscape(deviceId)}"` : ''}]`;
  // MSGID is at most 32 printable characters (RFC 5424 §6.2.7); every event name fits.
  return `<${PRI}>1 ${record.time} ${hostname} thincert - ${record.event} ${sd} ${JSON.stringify(record)}`;
}

export function frameOctetCounted(message: string): string {
  return `${Buffer.byteLength(message, 'utf8')} ${message}`;
}
