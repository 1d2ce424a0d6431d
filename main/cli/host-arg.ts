import { UsageError } from './purpose-arg';

/**
 * HOST[:PORT] as CLI.md allows it: a DNS name, an IPv4 address or [IPv6],
 * optionally with a port. A bare IPv6 address (several colons) is taken whole.
 */
export function parseHostArg(text: string): { host: string; port: number | undefined } {
  const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1] as string, port: portOf(bracketed[2], text) };
  if ((text.match(/:/g) ?? []).length > 1) {
    if (/^[0-9A-Fa-f:.]+$/.test(text)) return { host: text, port: undefined };
    throw new UsageError(`'${text}' is not HOST[:PORT]`);
  }
  const plain = /^([A-Za-z0-9._-]+)(?::(\d+))?$/.exec(text);
  if (!plain || (plain[1] as string).length > 253) throw new UsageError(`'${text}' is not HOST[:PORT] (a name, an IPv4 address or [IPv6])`);
  return { host: plain[1] as string, port: portOf(plain[2], text) };
}

function portOf(digits: string | undefined, text: string): number | undefined {
  if (digits === undefined) return undefined;
  const port = Number(digits);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`the port in '${text}' must be 1 to 65535`);
  return port;
}

/** `--connect-to ADDR` also accepts [IPv6]. */
export function parseConnectTo(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const unbracketed = text.replace(/^\[(.*)\]$/, '$1');
  if (!/^[A-Za-z0-9._:-]+$/.test(unbracketed)) throw new UsageError(`--connect-to '${text}' is not an address`);
  return unbracketed;
}
