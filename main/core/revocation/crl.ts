/**
 * A CRL (RFC 5280 §5) parsed once: who issued it, when it was made and when
 * the next is due, the revoked serials in a Set-like map, and what to verify
 * its signature with. CRLs this client cannot apply correctly (delta CRLs,
 * indirect or partitioned ones, unknown critical extensions) are refused at
 * parse time rather than half-used.
 */
import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificateList, CRLReason, id_ce_cRLReasons } from '@peculiar/asn1-x509';
import { ThinCertError } from '../errors';
import type { ChainCertificate } from '../trust/chain-certificate';
import { asn1Certificate, nameKey, readableName, reasonName, serialKey, type RevocationReasonName } from './asn1-names';
import { crlDer } from './crl-shape';
import { signatureValid } from './signature';

export interface RevokedEntry {
  date: Date;
  reason: RevocationReasonName;
}

export interface ParsedCrl {
  der: Buffer;
  /** SHA-256 of the DER, hex: the CRL's identity on disk and in lists. */
  id: string;
  issuer: string;
  issuerKey: string;
  thisUpdate: Date;
  nextUpdate: Date | null;
  revoked: ReadonlyMap<string, RevokedEntry>;
  signatureOid: string;
  signed: Buffer;
  signature: Buffer;
}

/** Extensions we understand and that do not narrow what the CRL covers (RFC 5280 §5.2). */
const HARMLESS_CRL_EXTENSIONS = new Set(['2.5.29.35', '2.5.29.20', '2.5.29.18', '1.3.6.1.5.5.7.1.1']);
/** Entry extensions we read or that change nothing for a yes/no answer (reason, invalidity date, hold instruction). */
const HARMLESS_ENTRY_EXTENSIONS = new Set(['2.5.29.21', '2.5.29.24', '2.5.29.23']);

export function parseCrl(bytes: Buffer): ParsedCrl {
  const der = crlDer(bytes);
  let list: CertificateList;
  try {
    list = AsnConvert.parse(der, CertificateList);
  } catch (error) {
    throw crlInvalid(`it is not a CRL in PEM or DER (${error instanceof Error ? error.message : String(error)})`);
  }
  const tbs = list.tbsCertList;
  if (!list.tbsCertListRaw) throw crlInvalid('its signed part could not be read');
  for (const extension of tbs.crlExtensions ?? []) {
    // A delta CRL (2.5.29.27) or an issuing distribution point (2.5.29.28) covers only part of the revocations.
    if (extension.extnID === '2.5.29.27' || extension.extnID === '2.5.29.28') {
      throw crlInvalid('delta and partitioned CRLs are not supported; give the full CRL');
    }
    if (extension.critical && !HARMLESS_CRL_EXTENSIONS.has(extension.extnID)) throw crlInvalid(`it has an unknown critical extension ${extension.extnID}`);
  }
  const revoked = new Map<string, RevokedEntry>();
  for (const entry of tbs.revokedCertificates ?? []) {
    let reason: RevocationReasonName = 'unspecified';
    for (const extension of entry.crlEntryExtensions ?? []) {
      if (extension.extnID === id_ce_cRLReasons) {
        reason = reasonName(AsnConvert.parse(extension.extnValue, CRLReason).reason);
      } else if (extension.critical && !HARMLESS_ENTRY_EXTENSIONS.has(extension.extnID)) {
        // e.g. certificateIssuer (2.5.29.29): an indirect CRL names serials of other issuers.
        throw crlInvalid(`an entry has an unknown critical extension ${extension.extnID}`);
      }
    }
    // removeFromCRL appears only in delta CRLs, which are refused above.
    revoked.set(serialKey(entry.userCertificate), { date: entry.revocationDate.getTime(), reason });
  }
  return {
    der,
    id: createHash('sha256').update(der).digest('hex'),
    issuer: readableName(tbs.issuer),
    issuerKey: nameKey(tbs.issuer),
    thisUpdate: tbs.thisUpdate.getTime(),
    nextUpdate: tbs.nextUpdate ? tbs.nextUpdate.getTime() : null,
    revoked,
    signatureOid: list.signatureAlgorithm.algorithm,
    signed: Buffer.from(list.tbsCertListRaw),
    signature: Buffer.from(list.signature),
  };
}

/** Whether `issuer` (its subject and key) issued this CRL. */
export function crlIssuedBy(crl: ParsedCrl, issuer: ChainCertificate): boolean {
  // RFC 5280 §4.2.1.3: a key usage extension without cRLSign forbids signing CRLs.
  if (issuer.details.keyUsage.length > 0 && !issuer.details.keyUsage.includes('cRLSign')) return false;
  if (nameKey(asn1Certificate(issuer.der).tbsCertificate.subject) !== crl.issuerKey) return false;
  return signatureValid(crl.signatureOid, crl.signed, crl.signature, issuer.x509.publicKey);
}

/** The CRL that covers a certificate is one its own issuer wrote (no indirect CRLs). */
export function crlCovers(crl: ParsedCrl, certificateDer: Buffer): boolean {
  return nameKey(asn1Certificate(certificateDer).tbsCertificate.issuer) === crl.issuerKey;
}

export function crlInvalid(why: string): ThinCertError {
  return new ThinCertError('crl-invalid', `This is not a CRL ThinCert can use: ${why}.`, { why });
}
