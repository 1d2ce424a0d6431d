/**
 * OpenSSL's verdict for a chain no server presented (`verify`), built step by
 * step because Node offers no X509_verify_cert without a TLS peer that holds
 * the leaf's key (docs/decisions.md "verify: OpenSSL step by step").
 *
 * What OpenSSL itself decides: every link, through X509Certificate.checkIssued
 * (X509_check_issued: names, key identifiers, the issuer's keyCertSign, and
 * well-formed extensions on both) and X509Certificate.verify (the signature);
 * certificate-path.ts walks those links. What this module adds are the rules
 * of `openssl verify -x509_strict -purpose sslserver` that are not in
 * judge.ts, named by OpenSSL's own error codes so the judge's
 * `openssl-rejected` reason reads as the handshake verdict does for `check`.
 * Dates, CA flags, the leaf's EKU, names, name constraints and weak keys stay
 * judge.ts's own reasons for both `check` and `verify`.
 */
import type { OpensslVerdict } from '../probes/tls-handshake';
import type { ChainCertificate } from './chain-certificate';
import type { CertificatePath } from './certificate-path';
import { EXTENSION_OIDS, extensionFacts, type ExtensionFacts } from './verify-extensions';

/** Extensions OpenSSL processes (X509_supported_extension) minus those whose meaning ThinCert does not check. */
const HANDLED_CRITICAL: ReadonlySet<string> = new Set([
  EXTENSION_OIDS.basicConstraints,
  EXTENSION_OIDS.keyUsage,
  EXTENSION_OIDS.extKeyUsage,
  EXTENSION_OIDS.subjectAltName,
  EXTENSION_OIDS.nameConstraints,
  EXTENSION_OIDS.certificatePolicies,
]);

/** serverAuth, Netscape and Microsoft Server Gated Crypto: what OpenSSL's sslserver purpose accepts in an EKU. */
const SERVER_EKUS: ReadonlySet<string> = new Set(['1.3.6.1.5.5.7.3.1', '2.16.840.1.113730.4.1', '1.3.6.1.4.1.311.10.3.3']);
/** X509_check_purpose(sslserver) on a leaf with keyUsage: one of these (KU_TLS). */
const TLS_KEY_USAGES = ['digitalSignature', 'keyEncipherment', 'keyAgreement'];
/** dNSName and iPAddress subtrees are checked by name-constraints.ts; rfc822Name and URI only matter for such names. */
const DNS_NAME = 0x82;
const IP_ADDRESS = 0x87;
const RFC822_NAME = 0x81;
const URI = 0x86;

/** The errors OpenSSL would report for `path` beyond judge.ts's own reasons; an empty list is its yes. */
export function stepwiseErrors(path: CertificatePath): string[] {
  const errors = new Set<string>();
  const last = path.certificates.length - 1;
  let belowCount = 0;
  path.certificates.forEach((certificate, index) => {
    const facts = extensionFacts(certificate.der);
    for (const error of extensionErrors(facts)) errors.add(error);
    for (const error of strictErrors(certificate, facts, index < last)) errors.add(error);
    for (const error of usageErrors(certificate, facts, index, index < last)) errors.add(error);
    for (const error of constraintTypeErrors(facts, path.certificates[0] as ChainCertificate)) errors.add(error);
    // RFC 5280 §4.2.1.9: intermediates below this CA, self-issued ones not counted.
    if (index > 1 && facts.pathLen !== null && belowCount > facts.pathLen) errors.add('PATH_LENGTH_EXCEEDED');
    if (index > 0 && !selfIssued(certificate)) belowCount++;
  });
  return [...errors];
}

/** The verdict judge.ts takes: partial chains allowed, as for `check` on a Node that supports them. */
export function stepwiseVerdict(path: CertificatePath): OpensslVerdict {
  const errors = stepwiseErrors(path);
  return { authorized: errors.length === 0, error: errors.length === 0 ? null : errors.join(', '), partialChain: true };
}

function extensionErrors(facts: ExtensionFacts): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const { oid, critical } of facts.extensions) {
    // RFC 5280 §4.2: a certificate MUST NOT include more than one instance of an extension.
    if (seen.has(oid)) errors.push('INVALID_EXTENSION');
    seen.add(oid);
    if (critical && !HANDLED_CRITICAL.has(oid)) errors.push('UNHANDLED_CRITICAL_EXTENSION');
  }
  return errors;
}

/** OpenSSL 3's X509_V_FLAG_X509_STRICT checks (check_extensions in x509_vfy.c). */
function strictErrors(certificate: ChainCertificate, facts: ExtensionFacts, hasIssuerInPath: boolean): string[] {
  const errors: string[] = [];
  const isCA = certificate.details.isCA;
  const has = (oid: string) => facts.extensions.some((e) => e.oid === oid);
  const critical = (oid: string) => facts.extensions.some((e) => e.oid === oid && e.critical);
  if (facts.version < 3) {
    if (facts.extensions.length > 0) errors.push('EXTENSIONS_REQUIRE_VERSION_3');
    return errors;
  }
  if (facts.pathLen !== null && !isCA) errors.push('PATHLEN_INVALID_FOR_NON_CA');
  if (facts.pathLen !== null && !facts.keyUsage?.has('keyCertSign')) errors.push('PATHLEN_WITHOUT_KU_KEY_CERT_SIGN');
  if (isCA && !critical(EXTENSION_OIDS.basicConstraints)) errors.push('CA_BCONS_NOT_CRITICAL');
  if (isCA && facts.keyUsage === null) errors.push('CA_CERT_MISSING_KEY_USAGE');
  if (!isCA && facts.keyUsage?.has('keyCertSign')) errors.push('KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA');
  if (facts.issuerEmpty) errors.push('ISSUER_NAME_EMPTY');
  if (facts.subjectEmpty && (isCA || !has(EXTENSION_OIDS.subjectAltName))) errors.push('SUBJECT_NAME_EMPTY');
  if (facts.subjectEmpty && has(EXTENSION_OIDS.subjectAltName) && !critical(EXTENSION_OIDS.subjectAltName)) {
    errors.push('EMPTY_SUBJECT_SAN_NOT_CRITICAL');
  }
  if (facts.emptySubjectAltName) errors.push('EMPTY_SUBJECT_ALT_NAME');
  if (!facts.signatureAlgorithmsAgree) errors.push('SIGNATURE_ALGORITHM_INCONSISTENCY');
  // Stricter than OpenSSL 3.0: RFC 5280 §4.1.2.2 and CA/Browser Forum BR 7.1 (zero, negative or over 20 octets).
  // Not for the top of the path: an old root made with serial 0 is still the anchor its owner chose.
  if (hasIssuerInPath && !facts.serialConforms) errors.push('INVALID_SERIAL_NUMBER');
  if (hasIssuerInPath && !facts.authorityKeyId) errors.push('MISSING_AUTHORITY_KEY_IDENTIFIER');
  if (isCA && !has(EXTENSION_OIDS.subjectKeyIdentifier)) errors.push('MISSING_SUBJECT_KEY_IDENTIFIER');
  return errors;
}

/** X509_check_purpose(sslserver): EKU on every certificate of the path, keyUsage on the leaf and the CAs. */
function usageErrors(certificate: ChainCertificate, facts: ExtensionFacts, index: number, hasIssuer: boolean): string[] {
  const errors: string[] = [];
  // anyExtendedKeyUsage alone does not satisfy OpenSSL's sslserver purpose.
  if (facts.extKeyUsage !== null && ![...facts.extKeyUsage].some((oid) => SERVER_EKUS.has(oid))) errors.push('INVALID_PURPOSE');
  if (index === 0 && facts.keyUsage !== null && !TLS_KEY_USAGES.some((usage) => facts.keyUsage?.has(usage))) {
    errors.push('INVALID_PURPOSE');
  }
  if (index > 0 && facts.keyUsage !== null && !facts.keyUsage.has('keyCertSign')) errors.push('KEYUSAGE_NO_CERTSIGN');
  if (index > 0 && !certificate.details.isCA) errors.push('INVALID_CA');
  // Stricter than OpenSSL (CA/Browser Forum BR 7.1.2.7.8: a subscriber certificate is not a CA), unless the leaf is the anchor itself.
  if (index === 0 && certificate.details.isCA && hasIssuer) errors.push('LEAF_IS_CA');
  return errors;
}

/**
 * Subtrees name-constraints.ts does not evaluate: directoryName (it constrains
 * every subject) and the rarer forms refuse the chain; rfc822Name and URI
 * ones refuse it only when the leaf carries such a name.
 */
function constraintTypeErrors(facts: ExtensionFacts, leaf: ChainCertificate): string[] {
  const leafHasOtherNames = leaf.details.subjectAltNames.some((name) => !name.startsWith('DNS:') && !name.startsWith('IP:'));
  const unsupported = facts.constraintTags.some(
    (tag) => tag !== DNS_NAME && tag !== IP_ADDRESS && ((tag !== RFC822_NAME && tag !== URI) || leafHasOtherNames),
  );
  return unsupported ? ['UNSUPPORTED_CONSTRAINT_TYPE'] : [];
}

function selfIssued(certificate: ChainCertificate): boolean {
  return certificate.details.subject === certificate.details.issuer;
}
