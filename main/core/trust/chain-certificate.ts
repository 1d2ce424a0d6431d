/** One certificate of a presented chain or of the store, parsed once for the trust engine. */
import type { X509Certificate } from 'node:crypto';
import type { CertificateDetails } from '../../../app/schemas';
import { parsedCertificate } from '../x509/details';

export interface ChainCertificate {
  der: Buffer;
  x509: X509Certificate;
  details: CertificateDetails;
}

/**
 * Parsed certificates by DER, bounded: a check sees the same server chain and
 * the same stored anchors again and again, and parsing is most of a check's
 * own cost (issue 8: check within 1.3× of a bare handshake).
 */
const parsed = new Map<string, ChainCertificate>();
const CACHE_LIMIT = 512;

export function chainCertificate(der: Buffer): ChainCertificate {
  const key = der.toString('base64');
  const hit = parsed.get(key);
  if (hit) return hit;
  const { details, x509 } = parsedCertificate(der);
  const certificate = { der, x509, details };
  if (parsed.size >= CACHE_LIMIT) parsed.delete(parsed.keys().next().value as string);
  parsed.set(key, certificate);
  return certificate;
}

/** The subject's CN as Node prints the subject ("CN=x\nO=y"); null when absent. */
export function commonNameOf(certificate: ChainCertificate): string | null {
  const line = certificate.x509.subject.split('\n').find((part) => part.startsWith('CN='));
  return line === undefined ? null : line.slice(3);
}

/**
 * Whether `parent` issued `child`: names and key identifiers (OpenSSL's
 * X509_check_issued via checkIssued) and then the signature itself.
 */
export function issuedBy(child: ChainCertificate, parent: ChainCertificate): boolean {
  let answers = links.get(child);
  if (!answers) {
    answers = new Map();
    links.set(child, answers);
  }
  let answer = answers.get(parent.details.fingerprint);
  if (answer === undefined) {
    answer = checkLink(child, parent);
    answers.set(parent.details.fingerprint, answer);
  }
  return answer;
}

/**
 * The answers of issuedBy per child: a signature check is the dearest step of
 * a judgement, and `verify --stdin` meets the same intermediate and anchor in
 * thousands of chains (issue 16: ≥ 2,000 chains/s). Certificates are cached
 * objects (above), so the answer lives as long as the child does.
 */
const links = new WeakMap<ChainCertificate, Map<string, boolean>>();

function checkLink(child: ChainCertificate, parent: ChainCertificate): boolean {
  if (!child.x509.checkIssued(parent.x509)) return false;
  try {
    return child.x509.verify(parent.x509.publicKey);
  } catch {
    // OpenSSL cannot use the parent's key at all (an unsupported algorithm):
    // then it did not sign the child as far as anyone here can tell.
    return false;
  }
}
