/**
 * Our own walk from the leaf towards a trust anchor, over the certificates the
 * server sent and the anchors given. OpenSSL's verdict stays the authority on
 * whether the path is valid (trust-decision.ts); this walk exists to say WHY a
 * path is not, every reason at once, which OpenSSL's single error code cannot.
 */
import { issuedBy, type ChainCertificate } from './chain-certificate';

export type PathEnd =
  /** The last certificate of the path is this stored anchor. */
  | { kind: 'anchor'; anchor: ChainCertificate }
  /** The last certificate is self-signed and not an anchor. */
  | { kind: 'untrusted-root' }
  /** The last certificate's issuer was neither sent nor given. */
  | { kind: 'missing-issuer' };

export interface CertificatePath {
  /** Leaf first; the anchor last when the path reached one. */
  certificates: ChainCertificate[];
  end: PathEnd;
}

/** Deeper than any real PKI; stops a hostile chain from making the walk long. */
const MAX_DEPTH = 10;

export function buildPath(presented: readonly ChainCertificate[], anchors: readonly ChainCertificate[]): CertificatePath {
  const leaf = presented[0];
  if (leaf === undefined) throw new Error('buildPath needs a leaf');
  const path: ChainCertificate[] = [leaf];
  let current = leaf;
  while (path.length <= MAX_DEPTH) {
    // A stored certificate presented by the server is itself the anchor (an
    // intermediate may be the anchor: the path ends there, RFC 5280 §6.1).
    const stored = anchors.find((a) => a.details.fingerprint === current.details.fingerprint);
    if (stored) return { certificates: path, end: { kind: 'anchor', anchor: stored } };
    const anchor = anchors.find((a) => issuedBy(current, a));
    if (anchor) {
      path.push(anchor);
      return { certificates: path, end: { kind: 'anchor', anchor } };
    }
    if (current.details.selfSigned) return { certificates: path, end: { kind: 'untrusted-root' } };
    const issuer = presented.find((c) => !path.includes(c) && issuedBy(current, c));
    if (issuer === undefined) return { certificates: path, end: { kind: 'missing-issuer' } };
    path.push(issuer);
    current = issuer;
  }
  return { certificates: path, end: { kind: 'missing-issuer' } };
}
