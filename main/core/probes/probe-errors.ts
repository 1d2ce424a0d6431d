/**
 * Every way a probe fails before a chain is read, as a ThinCertError with a
 * stable code (the trust engine turns it into a Reason with the same code).
 * Socket and OpenSSL error codes are mapped here and nowhere else.
 */
import type { ParamsOf } from '../../../app/error-codes';
import { ThinCertError } from '../errors';

export const PROBE_FAILURES = {
  connectionRefused: 'connection-refused',
  timeout: 'timeout',
  dnsFailure: 'dns-failure',
  networkUnreachable: 'network-unreachable',
  connectionClosed: 'connection-closed',
  notTls: 'not-tls',
  tlsAlert: 'tls-alert',
  tlsFailed: 'tls-failed',
  notRdp: 'not-rdp',
  rdpStandardSecurityOnly: 'rdp-standard-security-only',
  rdpNegotiationFailed: 'rdp-negotiation-failed',
} as const;

export type ProbeFailureCode = (typeof PROBE_FAILURES)[keyof typeof PROBE_FAILURES];

/** Where the probe was when it failed, for messages a person can act on. */
export type ProbePhase = 'connect' | 'rdp' | 'tls';

export interface ProbeEndpoint {
  /** The address the TCP connection goes to (connectTo ?? host). */
  address: string;
  port: number;
}

export function probeFailure<C extends ProbeFailureCode>(code: C, message: string, params: ParamsOf<C>): ThinCertError {
  return new ThinCertError<ProbeFailureCode>(code, message, params);
}

export function timeoutFailure(endpoint: ProbeEndpoint, timeoutMs: number, phase: ProbePhase): ThinCertError {
  const seconds = Math.round(timeoutMs / 100) / 10;
  return probeFailure(
    PROBE_FAILURES.timeout,
    `${endpoint.address}:${endpoint.port} did not answer within ${seconds} s (${phaseWords(phase)}).`,
    { address: endpoint.address, port: endpoint.port, seconds, phase },
  );
}

export function connectionClosed(endpoint: ProbeEndpoint, phase: ProbePhase): ThinCertError {
  return probeFailure(
    PROBE_FAILURES.connectionClosed,
    `${endpoint.address}:${endpoint.port} closed the connection ${phaseWords(phase)}; it may not offer ${phase === 'rdp' ? 'RDP' : 'TLS'} on this port.`,
    { address: endpoint.address, port: endpoint.port, phase },
  );
}

function phaseWords(phase: ProbePhase): string {
  return phase === 'connect' ? 'while connecting' : phase === 'rdp' ? 'during RDP negotiation' : 'during the TLS handshake';
}

interface SystemOrTlsError {
  code?: unknown;
  reason?: unknown;
  message?: unknown;
}

function fieldOf(error: unknown, key: keyof SystemOrTlsError): string | undefined {
  if (typeof error !== 'object' || error === null || !(key in error)) return undefined;
  const value = (error as SystemOrTlsError)[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * OpenSSL reports a received alert as reason "sslv3 alert handshake failure" /
 * "tlsv1 alert unknown ca" (code ERR_SSL_SSLV3_ALERT_…, ERR_SSL_TLSV1_ALERT_…).
 */
const ALERT_REASON = /^(?:sslv3|tlsv1|tlsv13) alert (.+)$/i;

/**
 * What OpenSSL says when the first bytes back are not a TLS record: an HTTP
 * "HTTP/1.1 400" reads as a record of version 0x5454 ("wrong version number")
 * or a huge length ("packet length too long").
 */
const NOT_TLS_CODES = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_UNKNOWN_PROTOCOL',
  'ERR_SSL_HTTP_REQUEST',
  'ERR_SSL_RECORD_LENGTH_MISMATCH',
  'ERR_SSL_BAD_PACKET_LENGTH',
]);

/** Maps a socket or TLS error to the probe failure a person can act on. */
export function classifyProbeError(error: unknown, endpoint: ProbeEndpoint, host: string, phase: ProbePhase): ThinCertError {
  if (error instanceof ThinCertError) return error;
  const code = fieldOf(error, 'code') ?? '';
  const reason = fieldOf(error, 'reason') ?? '';
  const where = { address: endpoint.address, port: endpoint.port };
  switch (code) {
    case 'ECONNREFUSED':
      return probeFailure(
        PROBE_FAILURES.connectionRefused,
        `${endpoint.address}:${endpoint.port} refused the connection: nothing listens on that port.`,
        where,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return probeFailure(
        PROBE_FAILURES.dnsFailure,
        `The name ${endpoint.address} could not be resolved (DNS). Check the name and the network settings.`,
        { ...where, host },
      );
    case 'ETIMEDOUT':
      return timeoutFailure(endpoint, 0, phase);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return probeFailure(
        PROBE_FAILURES.networkUnreachable,
        `${endpoint.address} cannot be reached from this device (no route).`,
        where,
      );
    case 'ECONNRESET':
    case 'EPIPE':
      return connectionClosed(endpoint, phase);
  }
  const alert = ALERT_REASON.exec(reason);
  if (alert?.[1]) {
    return probeFailure(
      PROBE_FAILURES.tlsAlert,
      `The server ended the TLS handshake with the alert "${alert[1]}".`,
      { ...where, alert: alert[1] },
    );
  }
  if (NOT_TLS_CODES.has(code)) {
    return probeFailure(
      PROBE_FAILURES.notTls,
      `${endpoint.address}:${endpoint.port} answered, but not with TLS (${reason || code}); is this the right port?`,
      { ...where, detail: reason || code },
    );
  }
  const detail = reason || fieldOf(error, 'message') || code || 'unknown error';
  return probeFailure(PROBE_FAILURES.tlsFailed, `The TLS handshake with ${endpoint.address}:${endpoint.port} failed: ${detail}.`, {
    ...where,
    detail,
  });
}
