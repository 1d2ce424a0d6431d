/**
 * A CRL's PEM armor and outer DER shape, read without the ASN.1 schema
 * library: the policy is validated at every read of the management state and
 * the CLI's start must not load that library (issue 8's start-up budget), so
 * only the full parse at use (crl.ts) pays for it.
 */
import { childrenOf, elementIn, TAG } from '../x509/der';

/** DER of a PEM CRL, or the bytes themselves when they are not PEM. */
export function crlDer(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  const pem = /-----BEGIN X509 CRL-----([A-Za-z0-9+/=\s]+)-----END X509 CRL-----/.exec(text);
  return pem ? Buffer.from((pem[1] ?? '').replace(/\s+/g, ''), 'base64') : bytes;
}

/** CertificateList ::= SEQUENCE { tbsCertList SEQUENCE (version?, signature, issuer, thisUpdate, …), signatureAlgorithm SEQUENCE, signature BIT STRING }. */
export function hasCrlShape(der: Buffer): boolean {
  try {
    const outer = elementIn(der, 0, der.length);
    if (outer.tag !== TAG.sequence) return false;
    const [tbs, algorithm, signature, extra] = childrenOf(der, outer);
    if (!tbs || !algorithm || !signature || extra || tbs.tag !== TAG.sequence || algorithm.tag !== TAG.sequence || signature.tag !== TAG.bitString) return false;
    const fields = childrenOf(der, tbs);
    const offset = fields[0]?.tag === TAG.integer ? 1 : 0;
    const [sigAlg, issuer, thisUpdate] = fields.slice(offset);
    return sigAlg?.tag === TAG.sequence && issuer?.tag === TAG.sequence && (thisUpdate?.tag === TAG.utcTime || thisUpdate?.tag === TAG.generalizedTime);
  } catch {
    return false;
  }
}
