/**
 * The TLS half of every probe: a handshake over an open TCP socket that
 * accepts whatever the server presents (the trust engine judges it, not the
 * handshake) and reports OpenSSL's own verdict against the given anchors only.
 */
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { connect, createSecureContext, type SecureContext, type TLSSocket } from 'node:tls';
import { certificatePem } from '../x509/pem-blocks';
import { sniFor } from './address';
import { connectionClosed } from './probe-errors';
import { readPeerChain } from './peer-chain';
import { supportsPartialTrustChain } from './partial-chain';
import type { ProbeSession } from './session';

/** OpenSSL's path validation result against the stored anchors (null: none were given). */
export interface OpensslVerdict {
  authorized: boolean;
  /** OpenSSL's last verification error, e.g. "CERT_HAS_EXPIRED"; null when authorized. */
  error: string | null;
  /** Whether OpenSSL was allowed to end the path at a non-self-signed anchor. */
  partialChain: boolean;
}

export interface HandshakeResult {
  chain: Buffer[];
  protocol: string | null;
  verdict: OpensslVerdict | null;
  /** The OCSP response the server stapled (issue 16), when one was asked for and sent. */
  ocspResponse: Buffer | null;
}

/**
 * One SecureContext per set of anchors: building it (parsing every anchor into
 * an OpenSSL store) costs more than the handshake on loopback, and the anchors
 * of a purpose rarely change.
 */
const contexts = new Map<string, SecureContext>();
const CONTEXT_LIMIT = 16;

export function anchorContext(anchors: Buffer[], partialChain: boolean): SecureContext {
  const hash = createHash('sha256');
  for (const der of anchors) hash.update(createHash('sha256').update(der).digest());
  const key = `${partialChain}:${hash.digest('hex')}`;
  let context = contexts.get(key);
  if (!context) {
    // Never the system store: only the anchors stored for this purpose count
    // (ARCHITECTURE.md, Trust rules). An empty list gives OpenSSL an empty store.
    context = createSecureContext({ ca: anchors.map((der) => certificatePem(der)), ...(partialChain ? { allowPartialTrustChain: true } : {}) });
    if (contexts.size >= CONTEXT_LIMIT) contexts.delete(contexts.keys().next().value as string);
    contexts.set(key, context);
  }
  return context;
}

export async function tlsHandshake(session: ProbeSession, socket: Socket, anchors: Buffer[] | undefined, requestOcsp = false): Promise<HandshakeResult> {
  session.phase = 'tls';
  const partialChain = anchors !== undefined && supportsPartialTrustChain();
  const servername = sniFor(session.host);
  const tlsSocket: TLSSocket = session.track(
    connect({
      socket,
      ...(servername === undefined ? {} : { servername }),
      secureContext: anchorContext(anchors ?? [], partialChain),
      rejectUnauthorized: false,
      // The name is checked by the trust engine (RFC 6125, no CN fallback when SANs exist);
      // Node's own check would otherwise overwrite OpenSSL's verdict with ERR_TLS_CERT_ALTNAME_INVALID.
      checkServerIdentity: () => undefined,
      ...(requestOcsp ? { requestOCSP: true } : {}),
    }),
  );
  // Emitted before secureConnect; typed as Buffer, but null when the server stapled nothing.
  let ocspResponse: Buffer | null = null;
  if (requestOcsp) tlsSocket.once('OCSPResponse', (response: Buffer | null) => (ocspResponse = response !== null && response.length > 0 ? response : null));
  await session
    .within(
      new Promise<void>((resolve, reject) => {
        const onClose = (): void => reject(connectionClosed(session.endpoint, 'tls'));
        tlsSocket.once('secureConnect', () => {
          // A handshake that succeeded is not failed by its own socket closing
          // after it: without this, every good probe built an error it threw away.
          tlsSocket.removeListener('error', reject);
          tlsSocket.removeListener('close', onClose);
          resolve();
        });
        tlsSocket.once('error', reject);
        tlsSocket.once('close', onClose);
      }),
    )
    .catch((error: unknown) => {
      throw session.fail(error);
    });
  return {
    chain: readPeerChain(tlsSocket),
    protocol: tlsSocket.getProtocol() ?? null,
    verdict: anchors === undefined ? null : { authorized: tlsSocket.authorized, error: verdictError(tlsSocket), partialChain },
    ocspResponse,
  };
}

function verdictError(socket: TLSSocket): string | null {
  if (socket.authorized) return null;
  // Typed as Error, but Node sets the OpenSSL code as a string ("CERT_HAS_EXPIRED").
  const error: unknown = socket.authorizationError;
  if (typeof error === 'string') return error;
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return 'UNKNOWN';
}
