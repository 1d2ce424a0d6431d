/**
 * Why a certificate is too weak to trust. Each reason is a refusal: a weak
 * key can be factored or a weak hash collided, and then anyone could present
 * a certificate the thin client accepts.
 */
import type { CertificateDetails } from '../../../app/schemas';
import type { ThinCertError } from '../errors';
import { childrenOf, contextTag, elementIn, scanElement } from './der';
import { ACCEPTED_CURVES, DIGESTS, SHA1_SIGNATURES, WEAK_SIGNATURE_HASHES } from './oids';
import { unknownCurve, weakRsaKey, weakSignature } from './refusals';
import { algorithmOf } from './structure';

const MIN_RSA_BITS = 2048;

/** DSA and unsupported key types never get here: detailsOf refuses them (details.ts). */
export function certificateWeaknesses(der: Buffer, details: CertificateDetails): ThinCertError[] {
  const reasons: ThinCertError[] = [];
  if (details.keyType === 'rsa' && details.keyBits < MIN_RSA_BITS) {
    reasons.push(weakRsaKey(details.subject, details.keyBits));
  }
  if (details.keyType === 'ec' && !ACCEPTED_CURVES.has(details.curve ?? '')) {
    reasons.push(unknownCurve(details.subject, details.curve ?? 'unknown'));
  }
  const signature = signatureStrength(der, details.signatureAlgorithm);
  // A root's signature on itself proves nothing (it is trusted because it is
  // stored), so SHA-1 there is harmless — as in every browser's root store.
  const selfSignedRoot = details.isCA && details.selfSigned;
  if (signature.weak && !(signature.sha1 && selfSignedRoot)) {
    reasons.push(weakSignature(details.subject, signature.name));
  }
  return reasons;
}

interface SignatureStrength {
  name: string;
  weak: boolean;
  sha1: boolean;
}

function signatureStrength(der: Buffer, algorithm: string): SignatureStrength {
  if (algorithm !== 'rsassaPss') {
    return { name: algorithm, weak: WEAK_SIGNATURE_HASHES.has(algorithm), sha1: SHA1_SIGNATURES.has(algorithm) };
  }
  const hash = pssHash(der);
  return { name: `rsassaPss with ${hash}`, weak: hash === 'SHA-1' || hash === 'MD5' || hash === 'MD2', sha1: hash === 'SHA-1' };
}

/** RSASSA-PSS names its hash in the parameters; absent means SHA-1 (RFC 4055 §3.1). */
function pssHash(der: Buffer): string {
  const [, signatureAlgorithm] = childrenOf(der, scanElement(der));
  const [, parameters] = algorithmOf(der, signatureAlgorithm);
  if (parameters === undefined) return 'SHA-1';
  const hashField = childrenOf(der, parameters).find((field) => field.tag === contextTag(0));
  if (hashField === undefined) return 'SHA-1';
  const [hashOid] = algorithmOf(der, elementIn(der, hashField.contentStart, hashField.end));
  return DIGESTS[hashOid] ?? hashOid;
}
