/**
 * A server's address as main keeps it (`{ host, port }`), and its one text
 * form for people and for the CLI's JSON (CLI.md: `"server": "ksc.example.org:13292"`):
 * an IPv6 host in brackets, so the port is never read as part of the address.
 */
export interface ServerAddress {
  host: string;
  port: number;
}

export function serverAddressText(server: ServerAddress): string {
  const bare = server.host.startsWith('[') && server.host.endsWith(']') ? server.host.slice(1, -1) : server.host;
  return `${bare.includes(':') ? `[${bare}]` : bare}:${server.port}`;
}
