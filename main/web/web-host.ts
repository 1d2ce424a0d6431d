/**
 * The web host (ARCHITECTURE.md): serves the built renderer to a browser on
 * loopback and carries the same contract over a WebSocket to the same Service.
 * Development and e2e only; never packaged. The page and the socket both need
 * the per-run token, and the socket refuses other origins, so another local
 * web page or user cannot drive the certificate store.
 */
import http from 'node:http';
import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import * as v from 'valibot';
import { InvokeMessageSchema, MAX_MESSAGE_BYTES, type ServerMessage } from '../../app/bridge/wire';
import { TRANSPORT_ERRORS } from '../../app/errors';
import type { Service } from '../core/service';
import { CONTENT_SECURITY_POLICY } from '../hosts/csp';
import { mimeOf } from '../hosts/mime';

export interface WebHostOptions {
  service: Service;
  staticDir: string;
  port?: number;
  host?: string;
  token?: string;
  /** Called once, when a page has been sent its first status answer: the host's start is over. */
  onFirstScreen?: () => void;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * Cookies are shared by every port of a host name, so the name carries the
 * port: two web hosts on 127.0.0.1 never overwrite or read each other's token.
 */
export function cookieName(port: number): string {
  return `thincert_token_${port}`;
}

export function tokensEqual(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(header: string | undefined, port: number): string | null {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === cookieName(port)) return value.join('=');
  }
  return null;
}

/** Resolves a URL path inside the static folder; null for anything that escapes it. */
export function staticPath(staticDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null; // a malformed %-escape names no file of ours
  }
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = path.resolve(staticDir, relative);
  if (full !== staticDir && !full.startsWith(staticDir + path.sep)) return null;
  return full;
}

/**
 * The Host header values that name this server for one connection: the address
 * the connection actually reached, plus `localhost` when that address is
 * loopback. Anything else is a name an attacker resolved to us (DNS rebinding).
 */
export function ownHosts(localAddress: string | undefined, port: number): string[] {
  if (!localAddress) return [];
  const address = localAddress.startsWith('::ffff:') && localAddress.includes('.') ? localAddress.slice(7) : localAddress;
  const hosts = [address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`];
  if (address === '::1' || /^127\./.test(address)) hosts.push(`localhost:${port}`);
  return hosts;
}

export function isOwnHost(header: string | undefined, hosts: readonly string[]): boolean {
  return header !== undefined && hosts.includes(header.toLowerCase());
}

export function isAllowedOrigin(origin: string | undefined, hosts: readonly string[]): boolean {
  return origin !== undefined && hosts.some((host) => origin.toLowerCase() === `http://${host}`);
}

function refuseUpgrade(socket: Duplex): void {
  socket.end(`HTTP/1.1 403 Forbidden\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n`);
}

/**
 * Read whole and at once: the page's files are small, and a read through libuv's
 * threads would queue behind whatever file work the Service has in flight when
 * the kiosk starts (issue 14, cold start).
 */
function readStatic(file: string): Buffer | null {
  let fd: number;
  try {
    // Non-blocking: a FIFO planted in the folder must not hold the host in open(2).
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return null; // missing or unreadable: not a file we serve
  }
  try {
    return fstatSync(fd).isFile() ? readFileSync(fd) : null;
  } catch {
    return null; // a read that fails (EIO, EISDIR): refused whole, never half sent
  } finally {
    closeSync(fd);
  }
}

/** Vite names every file under assets/ by its content's hash. */
const HASHED_ASSET = /^assets\/[\w.-]+-[\w-]{8}\.(?:js|css)$/;

/**
 * A built asset's name changes with its bytes, so the browser may keep it, and
 * with it the code V8 compiled from it: a page opened again skips compiling
 * React (issue 14, first paint). The page itself, which names them, is read afresh.
 */
function cacheControl(staticDir: string, file: string): string {
  return HASHED_ASSET.test(path.relative(staticDir, file).split(path.sep).join('/')) ? 'private, max-age=31536000, immutable' : 'no-store';
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const staticDir = path.resolve(options.staticDir);
  const bindHost = options.host ?? '127.0.0.1';
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error(`The renderer is not built (${staticDir}/index.html is missing): run npm run build.`);
  }
  let port = 0;
  let firstScreenSeen = false;
  const firstScreen = () => {
    if (firstScreenSeen) return;
    firstScreenSeen = true;
    options.onFirstScreen?.();
  };

  const server = http.createServer((req, res) => {
    // Every answer, refusals included, keeps the address (and its token) out of Referer headers.
    res.setHeader('referrer-policy', 'no-referrer');
    if (!isOwnHost(req.headers.host, ownHosts(req.socket.localAddress, port))) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('ThinCert: this address does not name the web host.\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const authorised = tokensEqual(url.searchParams.get('token'), token) || tokensEqual(cookieToken(req.headers.cookie, port), token);
    if (!authorised) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('ThinCert: open the address printed by the web host (it carries a token).\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const file = staticPath(staticDir, url.pathname);
    const body = file ? readStatic(file) : null;
    if (!file || !body) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': mimeOf(file),
      'content-security-policy': CONTENT_SECURITY_POLICY.web(port),
      'x-content-type-options': 'nosniff',
      'cache-control': cacheControl(staticDir, file),
      'content-length': body.length,
      // The page's assets load without the query string: the cookie carries the token.
      'set-cookie': `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  sockets.on('headers', (headers) => headers.push('Referrer-Policy: no-referrer'));
  server.on('upgrade', (req, socket, head) => {
    // Node hands the raw socket over without its error handler: a reset here must not reach the process.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const hosts = ownHosts(req.socket.localAddress, port);
    const tokenOk = tokensEqual(url.searchParams.get('token'), token) || tokensEqual(cookieToken(req.headers.cookie, port), token);
    if (url.pathname !== '/ws' || !tokenOk || !isOwnHost(req.headers.host, hosts) || !isAllowedOrigin(req.headers.origin, hosts)) {
      refuseUpgrade(socket);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => attach(ws, options.service, firstScreen));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;

  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function attach(ws: WebSocket, service: Service, firstScreen: () => void): void {
  const send = (message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const unsubscribe = service.onEvent((event, payload) => send({ type: 'event', event, payload }));
  ws.on('close', unsubscribe);
  // Invalid UTF-8, an over-size frame or a reset arrive here. ws itself closes the socket
  // (with 1007 or 1009 when it can say why); unheard, the event would end the process.
  ws.on('error', () => undefined);
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      ws.close(1003, 'not JSON');
      return;
    }
    const message = v.safeParse(InvokeMessageSchema, raw);
    if (!message.success) {
      ws.close(1008, 'not a ThinCert message');
      return;
    }
    const { id, channel, payload } = message.output;
    service.dispatch(channel, payload, { actor: 'ui' }).then(
      (result) => {
        send({ type: 'result', id, result });
        if (channel === 'status') firstScreen();
      },
      () => send({ type: 'result', id, result: { ok: false, error: { code: TRANSPORT_ERRORS.internal, message: 'Internal error' } } }),
    );
  });
}
