/**
 * OCSP (RFC 6960) for one certificate: the request we send to its responder,
 * and the judgement of a response, stapled or fetched. A response counts only
 * when it is signed by the certificate's issuer, or by a responder certificate
 * that the issuer issued with the OCSPSigning usage (§4.2.2.2), and when its
 * thisUpdate/nextUpdate hold by ThinCert's clock. No nonce: stapled responses
 * cannot carry ours, and a signed, fresh answer is what RFC 5019 relies on.
 */
import { createHash } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import {
  BasicOCSPResponse,
  CertID,
  id_pkix_ocsp_basic,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  Request,
  TBSRequest,
  type SingleResponse,
} from '@peculiar/asn1-ocsp';
import { chainCertificate, issuedBy, type ChainCertificate } from '../trust/chain-certificate';
import { validityAt } from '../trust/validity';
import { asn1Certificate, nameKey, reasonName, serialKey, type RevocationReasonName } from './asn1-names';
import { freshAt, type Freshness } from './freshness';
import { signatureValid } from './signature';

export type OcspAnswer =
  | { kind: 'good'; thisUpdate: Date; nextUpdate: Date | null }
  | { kind: 'revoked'; date: Date; reason: RevocationReasonName }
  /** The responder does not know the certificate, refused, or its answer does not hold. */
  | { kind: 'unusable'; why: UnusableWhy };

export type UnusableWhy = 'responder-unknown' | 'responder-refused' | 'bad-response' | 'bad-signature' | 'stale';

const SHA1 = '1.3.14.3.2.26';
const HASHES: Readonly<Record<string, string>> = {
  [SHA1]: 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const DER_NULL = new Uint8Array([0x05, 0x00]).buffer;
const OCSP_SIGNING = 'OCSPSigning';

function issuerHashes(issuer: ChainCertificate, hash: string): { name: Buffer; key: Buffer } {
  const tbs = asn1Certificate(issuer.der).tbsCertificate;
  return {
    name: createHash(hash).update(Buffer.from(AsnConvert.serialize(tbs.subject))).digest(),
    key: createHash(hash).update(Buffer.from(tbs.subjectPublicKeyInfo.subjectPublicKey)).digest(),
  };
}

/** The DER request for `certificate` (CertID with SHA-1, as RFC 5019 responders expect). */
export function ocspRequest(certificate: ChainCertificate, issuer: ChainCertificate): Buffer {
  const hashes = issuerHashes(issuer, 'sha1');
  const certId = new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA1, parameters: DER_NULL }),
    issuerNameHash: new OctetString(hashes.name),
    issuerKeyHash: new OctetString(hashes.key),
    serialNumber: asn1Certificate(certificate.der).tbsCertificate.serialNumber,
  });
  const request = new OCSPRequest({ tbsRequest: new TBSRequest({ requestList: [new Request({ reqCert: certId })] }) });
  return Buffer.from(AsnConvert.serialize(request));
}

export function judgeOcspResponse(der: Buffer, certificate: ChainCertificate, issuer: ChainCertificate, now: Date): OcspAnswer {
  let basic: BasicOCSPResponse;
  try {
    const response = AsnConvert.parse(der, OCSPResponse);
    if (response.responseStatus !== OCSPResponseStatus.successful) return { kind: 'unusable', why: 'responder-refused' };
    if (!response.responseBytes || response.responseBytes.responseType !== id_pkix_ocsp_basic) return { kind: 'unusable', why: 'bad-response' };
    basic = AsnConvert.parse(response.responseBytes.response.buffer, BasicOCSPResponse);
  } catch {
    return { kind: 'unusable', why: 'bad-response' };
  }
  const single = basic.tbsResponseData.responses.find((r) => matches(r, certificate, issuer));
  if (!single) return { kind: 'unusable', why: 'bad-response' };
  if (!signedByAuthorizedResponder(basic, issuer, now)) return { kind: 'unusable', why: 'bad-signature' };
  const freshness: Freshness = freshAt(single.thisUpdate, single.nextUpdate ?? null, now);
  if (freshness !== 'fresh') return { kind: 'unusable', why: 'stale' };
  const status = single.certStatus;
  if (status.revoked) return { kind: 'revoked', date: status.revoked.revocationTime, reason: reasonName(status.revoked.revocationReason?.reason) };
  if (status.good !== undefined) return { kind: 'good', thisUpdate: single.thisUpdate, nextUpdate: single.nextUpdate ?? null };
  return { kind: 'unusable', why: 'responder-unknown' };
}

function matches(single: SingleResponse, certificate: ChainCertificate, issuer: ChainCertificate): boolean {
  const hash = HASHES[single.certID.hashAlgorithm.algorithm];
  if (hash === undefined) return false;
  const expected = issuerHashes(issuer, hash);
  return (
    serialKey(single.certID.serialNumber) === serialKey(asn1Certificate(certificate.der).tbsCertificate.serialNumber) &&
    Buffer.from(single.certID.issuerNameHash.buffer).equals(expected.name) &&
    Buffer.from(single.certID.issuerKeyHash.buffer).equals(expected.key)
  );
}

/** RFC 6960 §4.2.2.2: the issuer itself, or a certificate it issued for OCSPSigning, valid now. */
function signedByAuthorizedResponder(basic: BasicOCSPResponse, issuer: ChainCertificate, now: Date): boolean {
  if (!basic.tbsResponseDataRaw) return false;
  const signed = Buffer.from(basic.tbsResponseDataRaw);
  const signature = Buffer.from(basic.signature);
  const oid = basic.signatureAlgorithm.algorithm;
  const named = (candidate: ChainCertificate) => responderIs(basic, candidate);
  if (named(issuer)) return signatureValid(oid, signed, signature, issuer.x509.publicKey);
  for (const included of basic.certs ?? []) {
    const delegate = delegateOf(Buffer.from(AsnConvert.serialize(included)));
    if (delegate === null || !named(delegate)) continue;
    if (!delegate.details.extKeyUsage.includes(OCSP_SIGNING)) continue;
    if (validityAt(delegate.details.notBefore, delegate.details.notAfter, now) !== 'valid') continue;
    if (!issuedBy(delegate, issuer)) continue;
    if (signatureValid(oid, signed, signature, delegate.x509.publicKey)) return true;
  }
  return false;
}

function responderIs(basic: BasicOCSPResponse, candidate: ChainCertificate): boolean {
  const id = basic.tbsResponseData.responderID;
  const tbs = asn1Certificate(candidate.der).tbsCertificate;
  if (id.byName) return nameKey(id.byName) === nameKey(tbs.subject);
  if (id.byKey) {
    const keyHash = createHash('sha1').update(Buffer.from(tbs.subjectPublicKeyInfo.subjectPublicKey)).digest();
    return Buffer.from(id.byKey.buffer).equals(keyHash);
  }
  return false;
}

/** A certificate the response carries; one we cannot parse authorizes nothing. */
function delegateOf(der: Buffer): ChainCertificate | null {
  try {
    return chainCertificate(der);
  } catch {
    return null;
  }
}
