import { isHostName, parseHostPort } from '../../app/host-name';
import { UsageError } from './purpose-arg';

/**
 * HOST[:PORT] as CLI.md allows it: a DNS name, an IPv4 address or [IPv6],
 * optionally with a port. A bare IPv6 address (several colons) is taken whole.
 * The rules are app/host-name.ts's, the same the channels apply.
 */
export function parseHostArg(text: string): { host: string; port: number | undefined } {
  const parsed = parseHostPort(text);
  if (parsed.ok) return { host: parsed.host, port: parsed.port };
  if (parsed.reason === 'port-out-of-range') throw new UsageError(`the port in '${text}' must be 1 to 65535`);
  throw new UsageError(`'${text}' is not HOST[:PORT] (a name, an IPv4 address or [IPv6])`);
}

/** `--connect-to ADDR` also accepts [IPv6]. */
export function parseConnectTo(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!isHostName(text)) throw new UsageError(`--connect-to '${text}' is not an address`);
  return text.replace(/^\[(.*)\]$/, '$1');
}
