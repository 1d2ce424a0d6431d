/**
 * The certificates inside a PKCS#7 / CMS SignedData (RFC 5652 §5.1), found by
 * walking the DER rather than with forge.pkcs7, whose certificate decoding
 * only understands RSA keys and would reject EC and EdDSA certificates.
 */
import { classifyDer } from './classify';
import { childrenOf, contextTag, elementIn, expectTag, TAG, type DerElement } from './der';
import { unexpectedContent } from './refusals';

export function certificatesInPkcs7(der: Buffer, contentInfo: DerElement): Buffer[] {
  const [, explicit] = childrenOf(der, contentInfo);
  const wrapper = expectTag(explicit, contextTag(0), 'the PKCS#7 content');
  const signedData = expectTag(elementIn(der, wrapper.contentStart, wrapper.end), TAG.sequence, 'the PKCS#7 signed data');
  // version, digestAlgorithms, encapContentInfo, then [0] IMPLICIT certificates when present.
  // CRLs ([1]) and signer infos are not certificates and are left alone.
  const certificates = childrenOf(der, signedData).find((field, index) => index >= 3 && field.tag === contextTag(0));
  if (certificates === undefined) return [];
  return childrenOf(der, certificates).map((choice) => {
    // CertificateChoices: only the plain Certificate is a SEQUENCE; the
    // others are attribute or legacy certificates, which ThinCert cannot use.
    if (choice.tag !== TAG.sequence || classifyDer(der, choice) !== 'certificate') {
      throw unexpectedContent('a PKCS#7 entry that is not an X.509 certificate');
    }
    return Buffer.from(der.subarray(choice.start, choice.end));
  });
}
