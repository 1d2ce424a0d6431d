/**
 * Probe of an RDP server: X.224 negotiation offering TLS and CredSSP (both
 * begin with a TLS handshake, [MS-RDPBCGR] 5.4.5), then TLS on the same socket.
 */
import type { Socket } from 'node:net';
import { NEGOTIATION_FAILURES, PROTOCOL_RDP, connectionRequest, parseConnectionConfirm, readTpkt, type ConnectionConfirm } from './rdp-negotiation';
import { PROBE_FAILURES, connectionClosed, probeFailure } from './probe-errors';
import { runProbe, type ProbeSession } from './session';
import type { ProbeOptions, ProbeResult } from './types';

export function probeRdp(options: ProbeOptions): Promise<ProbeResult> {
  return runProbe(options, async (session, socket) => {
    session.phase = 'rdp';
    const confirm = await session.within(negotiate(session, socket)).catch((error: unknown) => {
      throw session.fail(error);
    });
    requireTls(session, confirm);
  });
}

function negotiate(session: ProbeSession, socket: Socket): Promise<ConnectionConfirm> {
  return new Promise<ConnectionConfirm>((resolve, reject) => {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const read = readTpkt(received);
      if (read.kind === 'incomplete') return;
      cleanup();
      const confirm = read.kind === 'frame' ? parseConnectionConfirm(read.frame) : null;
      if (confirm === null) reject(notRdp(session, received));
      else resolve(confirm);
    };
    const onClose = (): void => {
      cleanup();
      reject(connectionClosed(session.endpoint, 'rdp'));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      socket.removeListener('data', onData);
      socket.removeListener('close', onClose);
      socket.removeListener('error', onError);
      // Hand the socket to TLS with nothing buffered or flowing.
      socket.pause();
    };
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', onError);
    socket.write(connectionRequest());
  });
}

function notRdp(session: ProbeSession, received: Buffer): Error {
  const { address, port } = session.endpoint;
  // Printable start of the answer helps tell "this is an HTTP server" from noise.
  const sample = received.subarray(0, 16).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
  return probeFailure(
    PROBE_FAILURES.notRdp,
    `${address}:${port} answered, but not with RDP (it began "${sample}"); is this the right port?`,
    { address, port, sample },
  );
}

function requireTls(session: ProbeSession, confirm: ConnectionConfirm): void {
  const { address, port } = session.endpoint;
  const standardOnly = probeFailure(
    PROBE_FAILURES.rdpStandardSecurityOnly,
    `${address}:${port} offers only standard RDP security, which has no certificate to check; enable TLS (security layer "negotiate" or "tls") on the server.`,
    { address, port },
  );
  if (confirm.kind === 'no-negotiation') throw standardOnly;
  if (confirm.kind === 'selected' && confirm.protocol === PROTOCOL_RDP) throw standardOnly;
  if (confirm.kind === 'failure') {
    // SSL_NOT_ALLOWED_BY_SERVER: the server is configured for standard RDP security only.
    if (confirm.failureCode === 2) throw standardOnly;
    const name = NEGOTIATION_FAILURES[confirm.failureCode] ?? `code ${confirm.failureCode}`;
    throw probeFailure(
      PROBE_FAILURES.rdpNegotiationFailed,
      `${address}:${port} refused the RDP security negotiation (${name}).`,
      { address, port, failureCode: confirm.failureCode, failure: name },
    );
  }
}
