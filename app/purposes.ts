/** The four things a thin client authenticates (ARCHITECTURE.md, "purpose id"). */
export const PURPOSES = ['ksc', 'rdp', 'broker', 'logServer'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** Default ports per purpose (CLI.md): management server, RDP, HTTPS broker, syslog over TLS (RFC 5425). */
export const DEFAULT_PORTS: Readonly<Record<Purpose, number>> = {
  ksc: 13292,
  rdp: 3389,
  broker: 443,
  logServer: 6514,
};

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);
}

