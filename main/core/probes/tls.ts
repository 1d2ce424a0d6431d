/** Probe of a TLS server (ksc, broker, logServer): TCP, then the TLS handshake. */
import { unbracket } from './address';
import { DEFAULT_PROBE_TIMEOUT_MS, ProbeSession } from './session';
import { tlsHandshake } from './tls-handshake';
import type { ProbeOptions, ProbeResult } from './types';

export async function probeTls(options: ProbeOptions): Promise<ProbeResult> {
  const started = performance.now();
  const session = new ProbeSession(
    options.host,
    { address: unbracket(options.connectTo ?? options.host), port: options.port },
    options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
  );
  try {
    const socket = await session.connectTcp(options.lookup);
    const result = await tlsHandshake(session, socket, options.ca);
    return { ...result, durationMs: Math.round(performance.now() - started) };
  } finally {
    session.close();
  }
}
