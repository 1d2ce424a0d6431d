/** What every probe takes and returns. */
import type { LookupFunction } from 'node:net';
import type { OpensslVerdict } from './tls-handshake';

export interface ProbeOptions {
  /** The server's name: sent in SNI (unless an IP literal) and judged against the certificate. */
  host: string;
  port: number;
  /** Where the TCP connection goes instead of `host` (DNS name, IPv4, or IPv6 without brackets). */
  connectTo?: string;
  /** Bound for the whole probe; default 10 s. */
  timeoutMs?: number;
  /** Stored anchors (DER) OpenSSL may validate against; omitted = no verdict, empty trust store. */
  ca?: Buffer[];
  /** Name resolution (tests inject one so no DNS query leaves the machine). */
  lookup?: LookupFunction;
  /** Ask the server to staple its OCSP response (revocation checking is on for the purpose). */
  requestOcsp?: boolean;
}

export interface ProbeResult {
  /** DER, leaf first; may end with the stored anchor that completed the path (see peer-chain.ts). */
  chain: Buffer[];
  /** Negotiated TLS version, e.g. "TLSv1.3". */
  protocol: string | null;
  verdict: OpensslVerdict | null;
  /** The stapled OCSP response, when requestOcsp was set and the server sent one. */
  ocspResponse?: Buffer | null;
  durationMs: number;
}
