/**
 * What a server's host may be (CLI.md: "a DNS name, an IPv4 address or
 * [IPv6]"), written once for the CLI's argument parser and for every channel
 * field that names a host. Anything else never reaches a socket or an HTTP
 * header: a CR/LF or a character outside Latin-1 makes Node's http layer throw
 * long after the TLS connection was opened.
 */

/** The longest DNS name (RFC 1035 §2.3.4, without the trailing dot). */
export const MAX_HOST_LENGTH = 253;

export const HOST_RULE = 'a host is a DNS name (A–Z a–z 0–9 . _ -), an IPv4 address or an IPv6 address';

const NAME = /^[A-Za-z0-9._-]+$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;

function isBareIpv6(text: string): boolean {
  return IPV6.test(text) && (text.match(/:/g) ?? []).length > 1;
}

/** A DNS name, an IPv4 address, or an IPv6 address bare or in brackets. */
export function isHostName(text: string): boolean {
  if (text.length === 0 || text.length > MAX_HOST_LENGTH + 2) return false;
  if (text.startsWith('[') && text.endsWith(']')) return isBareIpv6(text.slice(1, -1));
  if (text.length > MAX_HOST_LENGTH) return false;
  return NAME.test(text) || isBareIpv6(text);
}

export type HostPortOutcome =
  | { ok: true; host: string; port: number | undefined }
  | { ok: false; reason: 'not-host-port' | 'port-out-of-range' };

/**
 * `HOST[:PORT]`; the host comes back without brackets. A bare IPv6 address
 * (several colons) is taken whole, with no port.
 */
export function parseHostPort(text: string): HostPortOutcome {
  const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return withPort(bracketed[1] as string, bracketed[2]);
  if (isBareIpv6(text)) return { ok: true, host: text, port: undefined };
  const plain = /^([^:]+)(?::(\d+))?$/.exec(text);
  if (!plain || !isHostName(plain[1] as string)) return { ok: false, reason: 'not-host-port' };
  return withPort(plain[1] as string, plain[2]);
}

function withPort(host: string, digits: string | undefined): HostPortOutcome {
  if (digits === undefined) return { ok: true, host, port: undefined };
  const port = Number(digits);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, reason: 'port-out-of-range' };
  return { ok: true, host, port };
}
