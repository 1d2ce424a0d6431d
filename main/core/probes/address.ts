/**
 * Host names as ThinCert receives them: a DNS name, an IPv4 literal, or an
 * IPv6 literal with or without the brackets of a URL (RFC 3986 §3.2.2).
 */
import { isIP } from 'node:net';

/** "[::1]" → "::1"; anything else unchanged. */
export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export function isIpLiteral(host: string): boolean {
  return isIP(unbracket(host)) !== 0;
}

/**
 * The SNI to send, or undefined: RFC 6066 §3 forbids literal IPv4 and IPv6
 * addresses in server_name, so a server addressed by IP gets none.
 */
export function sniFor(host: string): string | undefined {
  return isIpLiteral(host) ? undefined : unbracket(host);
}
