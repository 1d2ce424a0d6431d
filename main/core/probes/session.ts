/**
 * One probe = one deadline for everything it does (DNS, TCP, RDP negotiation,
 * TLS): when it passes, every socket the probe opened is destroyed and the
 * probe fails with `timeout`, so a server that accepts and then stays silent
 * cannot hold the kiosk longer than the limit.
 */
import { connect, type LookupFunction, type Socket } from 'node:net';
import type { ThinCertError } from '../errors';
import { unbracket } from './address';
import { tlsHandshake } from './tls-handshake';
import type { ProbeOptions, ProbeResult } from './types';
import { classifyProbeError, timeoutFailure, type ProbeEndpoint, type ProbePhase } from './probe-errors';

export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

export class ProbeSession {
  readonly endpoint: ProbeEndpoint;
  readonly host: string;
  phase: ProbePhase = 'connect';
  private readonly sockets = new Set<Socket>();
  private readonly timer: NodeJS.Timeout;
  private readonly expired: Promise<never>;
  private rejectExpired: (error: ThinCertError) => void = () => undefined;

  constructor(host: string, endpoint: ProbeEndpoint, timeoutMs: number) {
    this.host = host;
    this.endpoint = endpoint;
    this.expired = new Promise<never>((_resolve, reject) => (this.rejectExpired = reject));
    // A rejection nobody awaits yet must not surface as "unhandled".
    this.expired.catch(() => undefined);
    this.timer = setTimeout(() => {
      this.rejectExpired(timeoutFailure(endpoint, timeoutMs, this.phase));
      this.close();
    }, timeoutMs);
  }

  /** Resolves with `step`, or rejects with `timeout` when the deadline passes first. */
  within<T>(step: Promise<T>): Promise<T> {
    return Promise.race([step, this.expired]);
  }

  track<S extends Socket>(socket: S): S {
    this.sockets.add(socket);
    // Each phase listens for errors itself; this one only keeps an error that
    // arrives between phases or after the probe settled from crashing the process.
    socket.on('error', () => undefined);
    return socket;
  }

  fail(error: unknown): ThinCertError {
    return classifyProbeError(error, this.endpoint, this.host, this.phase);
  }

  /** TCP to the endpoint; `lookup` lets tests resolve names without sending DNS queries. */
  connectTcp(lookup?: LookupFunction): Promise<Socket> {
    this.phase = 'connect';
    const socket = this.track(
      connect({ host: this.endpoint.address, port: this.endpoint.port, ...(lookup ? { lookup } : {}) }),
    );
    return this.within(
      new Promise<Socket>((resolve, reject) => {
        socket.once('connect', () => {
          socket.removeListener('error', reject);
          resolve(socket);
        });
        socket.once('error', reject);
      }),
    ).catch((error: unknown) => {
      throw this.fail(error);
    });
  }

  close(): void {
    clearTimeout(this.timer);
    // Newest first: a TLSSocket must go before the TCP socket it wraps;
    // destroying the wrapped socket first crashed Node 20 (SIGSEGV) on exit.
    for (const socket of [...this.sockets].reverse()) socket.destroy();
    this.sockets.clear();
  }
}

/**
 * One probe from TCP connect to the TLS chain: the session (one time limit),
 * the connection to `connectTo ?? host`, and the socket closed whatever happens.
 * `afterConnect` is what a protocol does before TLS (RDP's X.224 negotiation).
 */
export async function runProbe(
  options: ProbeOptions,
  afterConnect: (session: ProbeSession, socket: Socket) => Promise<void>,
): Promise<ProbeResult> {
  const started = performance.now();
  const session = new ProbeSession(
    options.host,
    { address: unbracket(options.connectTo ?? options.host), port: options.port },
    options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
  );
  try {
    const socket = await session.connectTcp(options.lookup);
    await afterConnect(session, socket);
    const result = await tlsHandshake(session, socket, options.ca, options.requestOcsp === true);
    return { ...result, durationMs: Math.round(performance.now() - started) };
  } finally {
    session.close();
  }
}
