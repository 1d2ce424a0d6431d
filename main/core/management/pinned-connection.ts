/**
 * TLS to the management server with our own pin check (PROTOCOL.md §1: the
 * client trusts exactly one leaf, not a CA). OpenSSL's verification is off
 * (`rejectUnauthorized: false`) because the pin is the whole trust decision;
 * the presented leaf is judged on `secureConnect`, and only a leaf the caller
 * accepts ever gets an HTTP request written to it, so no request bytes (and
 * no device authentication, §2) reach a server we do not trust.
 */
import http from 'node:http';
import { isIP } from 'node:net';
import tls from 'node:tls';
import { ThinCertError } from '../errors';

export interface Endpoint {
  /** The name sent in SNI (none for an IP address: RFC 6066 §3 forbids literal addresses). */
  host: string;
  port: number;
  /** Where the TCP connection goes when it is not `host` (CLI.md `--connect-to`). */
  connectTo: string | null;
}

export interface HttpCall {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export type PinnedOutcome =
  | { kind: 'refused'; leaf: Buffer }
  | { kind: 'answered'; leaf: Buffer; status: number; body: string };

import { DEFAULT_TIMEOUT_MS } from './deps';
export { DEFAULT_TIMEOUT_MS };
/** Large enough for any policy (policy.ts MAX_POLICY_BYTES) plus JSON overhead. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** The leaf the server presents, for the operator to confirm (§1.2); nothing is sent. */
export async function presentedLeaf(endpoint: Endpoint, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Buffer> {
  const { socket, leaf } = await openTls(endpoint, timeoutMs);
  socket.destroy();
  return leaf;
}

/**
 * One HTTP/1.1 exchange over a fresh TLS connection, made only when `accept`
 * says yes to the presented leaf; otherwise the connection is closed unused.
 */
export async function pinnedExchange(
  endpoint: Endpoint,
  accept: (leaf: Buffer) => boolean,
  call: HttpCall,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<PinnedOutcome> {
  const { socket, leaf } = await openTls(endpoint, timeoutMs);
  if (!accept(leaf)) {
    socket.destroy();
    return { kind: 'refused', leaf };
  }
  try {
    const { status, body } = await exchange(socket, endpoint, call, timeoutMs);
    return { kind: 'answered', leaf, status, body };
  } finally {
    // Whatever ended the exchange, the connection goes with it: a socket left open
    // here outlives every error listener and crashes main when it times out.
    socket.destroy();
  }
}

function openTls(endpoint: Endpoint, timeoutMs: number): Promise<{ socket: tls.TLSSocket; leaf: Buffer }> {
  const target = unbracket(endpoint.connectTo ?? endpoint.host);
  const name = unbracket(endpoint.host);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: target,
      port: endpoint.port,
      ...(isIP(name) === 0 ? { servername: name } : {}),
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(unreachable(endpoint, `no answer within ${timeoutMs / 1000} s`)));
    const onError = (error: Error) => reject(error instanceof ThinCertError ? error : unreachable(endpoint, error.message));
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      socket.off('error', onError);
      const leaf = socket.getPeerCertificate().raw;
      if (!Buffer.isBuffer(leaf) || leaf.length === 0) {
        socket.destroy();
        reject(unreachable(endpoint, 'the server presented no certificate'));
        return;
      }
      resolve({ socket, leaf });
    });
  });
}

function exchange(socket: tls.TLSSocket, endpoint: Endpoint, call: HttpCall, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const body = call.body === undefined ? undefined : Buffer.from(call.body, 'utf8');
    let request: http.ClientRequest;
    try {
      request = openRequest(socket, endpoint, call, timeoutMs, body);
    } catch (error) {
      // http.request throws at once on a header it cannot write (CR/LF, non-Latin-1).
      socket.destroy();
      reject(unreachable(endpoint, error instanceof Error ? error.message : String(error)));
      return;
    }
    request.on('timeout', () => request.destroy(unreachable(endpoint, `no answer within ${timeoutMs / 1000} s`)));
    request.on('error', (error) => reject(error instanceof ThinCertError ? error : unreachable(endpoint, error.message)));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          request.destroy(new ThinCertError('server-answer-too-large', 'The management server sent an answer larger than 5 MiB.'));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        socket.destroy();
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', (error) => reject(unreachable(endpoint, error.message)));
    });
    request.end(body);
  });
}

function openRequest(socket: tls.TLSSocket, endpoint: Endpoint, call: HttpCall, timeoutMs: number, body: Buffer | undefined): http.ClientRequest {
  return http.request({
    // The socket is already connected and judged; http only speaks HTTP/1.1 over it.
    createConnection: () => socket,
    method: call.method,
    path: call.path,
    timeout: timeoutMs,
    headers: {
      host: endpoint.port === 443 ? endpoint.host : `${endpoint.host}:${endpoint.port}`,
      connection: 'close',
      ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(body.length) }),
      ...call.headers,
    },
  });
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export function unreachable(endpoint: Endpoint, reason: string): ThinCertError {
  const where = `${endpoint.host}:${endpoint.port}`;
  return new ThinCertError('server-unreachable', `Cannot reach the management server ${where}: ${reason}.`, { server: where, reason });
}
