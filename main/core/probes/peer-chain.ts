/**
 * Reads the certificate chain of a finished TLS handshake, leaf first, as DER.
 *
 * getPeerCertificate(true) orders the certificates the server sent by issuer
 * and then keeps completing the path from the context's trust store, so when
 * `ca` held stored anchors the walk ends with the anchor that completed it.
 * We deliberately avoid getPeerX509Certificate().issuerCertificate: in Node 20
 * it consumes the session's peer chain (a second call sees no issuers).
 */
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';

/** More than any real chain; bounds the walk against a hostile loop. */
const MAX_CHAIN_LENGTH = 16;

export function readPeerChain(socket: TLSSocket): Buffer[] {
  const chain: Buffer[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (current?.raw && chain.length < MAX_CHAIN_LENGTH) {
    // A self-signed certificate is its own issuerCertificate: the walk ends at the loop.
    if (seen.has(current.fingerprint256)) break;
    seen.add(current.fingerprint256);
    chain.push(Buffer.from(current.raw));
    current = current.issuerCertificate;
  }
  return chain;
}
