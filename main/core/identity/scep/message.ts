/**
 * SCEP's pkiMessage (RFC 8894 §3): a CMS SignedData whose authenticated
 * attributes carry the SCEP fields, around an EnvelopedData encrypted to the
 * CA (or its RA). SignedData is built and read with @peculiar/asn1-cms (its
 * schema takes any attribute; node-forge's signer writes only three fixed
 * ones); EnvelopedData with node-forge, which still does PKCS#1 v1.5 key
 * transport and DES/3DES/AES-CBC, what SCEP servers use and WebCrypto lacks.
 * Signatures are node:crypto's (OpenSSL).
 */
import { createHash, createPublicKey, createPrivateKey, sign, verify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  ContentInfo,
  DigestAlgorithmIdentifier,
  DigestAlgorithmIdentifiers,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignatureAlgorithmIdentifier,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
  id_data,
  id_envelopedData,
  id_signedData,
} from '@peculiar/asn1-cms';
import { Certificate } from '@peculiar/asn1-x509';
import forge from 'node-forge';
import { ThinCertError } from '../../errors';

export const OID = {
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  messageType: '2.16.840.1.113733.1.9.2',
  pkiStatus: '2.16.840.1.113733.1.9.3',
  failInfo: '2.16.840.1.113733.1.9.4',
  senderNonce: '2.16.840.1.113733.1.9.5',
  recipientNonce: '2.16.840.1.113733.1.9.6',
  transactionId: '2.16.840.1.113733.1.9.7',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha1: '1.3.14.3.2.26',
} as const;

/** RFC 8894 §3.2.1.2. */
export const MESSAGE_TYPE = { certRep: '3', renewalReq: '17', pkcsReq: '19', certPoll: '20' } as const;
export type RequestType = 'pkcsReq' | 'renewalReq' | 'certPoll';

/** RFC 8894 §3.2.1.4, in words a person can act on. */
export const FAIL_INFO: Readonly<Record<string, string>> = {
  '0': 'badAlg: the CA does not accept the algorithm used',
  '1': 'badMessageCheck: the CA could not verify the request (wrong challenge password, or the request was altered)',
  '2': 'badRequest: the CA refused the request (not permitted or not supported)',
  '3': 'badTime: the request was sent with a time too far from the CA’s clock',
  '4': 'badCertId: the CA knows no certificate matching the request',
};

export type DigestName = 'sha256' | 'sha1';

export interface Signer {
  /** DER of the certificate that signs: a self-signed one for PKCSReq, the current identity for RenewalReq. */
  certDer: Buffer;
  keyPem: string;
}

export interface OutgoingMessage {
  type: RequestType;
  transactionId: string;
  senderNonce: Buffer;
  /** DER of what is enveloped: the CSR, or IssuerAndSubject for a poll. */
  content: Buffer;
  /** DER of the CA or RA certificate the content is encrypted to. */
  recipientDer: Buffer;
  signer: Signer;
  digest: DigestName;
  /** forge OID of the content cipher, chosen from GetCACaps. */
  cipher: string;
}

export function buildPkiMessage(message: OutgoingMessage): Buffer {
  const enveloped = envelope(message.content, message.recipientDer, message.cipher);
  const digestOid = message.digest === 'sha256' ? OID.sha256 : OID.sha1;
  const attributes = sortedForDer([
    attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: id_data })),
    attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: hash(message.digest, enveloped) })),
    attribute(OID.messageType, new asn1js.PrintableString({ value: MESSAGE_TYPE[message.type] })),
    attribute(OID.transactionId, new asn1js.PrintableString({ value: message.transactionId })),
    attribute(OID.senderNonce, new asn1js.OctetString({ valueHex: message.senderNonce })),
  ]);
  const signerCert = AsnConvert.parse(message.signer.certDer, Certificate);
  const signerInfo = new SignerInfo({
    version: 1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({
        issuer: signerCert.tbsCertificate.issuer,
        serialNumber: signerCert.tbsCertificate.serialNumber,
      }),
    }),
    digestAlgorithm: new DigestAlgorithmIdentifier({ algorithm: digestOid, parameters: DER_NULL }),
    signedAttrs: attributes,
    signatureAlgorithm: new SignatureAlgorithmIdentifier({ algorithm: OID.rsaEncryption, parameters: DER_NULL }),
  });
  signerInfo.signature = new OctetString(sign(message.digest, signedAttributesDer(signerInfo), createPrivateKey(message.signer.keyPem)));
  const signedData = new SignedData({
    version: 1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([new DigestAlgorithmIdentifier({ algorithm: digestOid, parameters: DER_NULL })]),
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: id_data,
      eContent: new EncapsulatedContent({ single: new OctetString(enveloped) }),
    }),
    certificates: new CertificateSet([new CertificateChoices({ certificate: signerCert })]),
    signerInfos: new SignerInfos([signerInfo]),
  });
  return Buffer.from(AsnConvert.serialize(new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(signedData) })));
}

export type CertRep =
  | { status: 'success'; certificates: Buffer[] }
  | { status: 'failure'; failInfo: string }
  | { status: 'pending' };

/**
 * Reads a CertRep: checks it is signed by one of `trustedSigners` (the CA and
 * RA certificates of GetCACert, never a certificate the answer itself brings),
 * that it answers our transaction and nonce, and on SUCCESS decrypts the
 * issued certificates with our key.
 */
export function readCertRep(body: Buffer, expect: { transactionId: string; senderNonce: Buffer; trustedSigners: Buffer[]; requesterKeyPem: string; requesterCertDer: Buffer }): CertRep {
  const signed = parseSignedData(body);
  const [signerInfo] = signed.signerInfos;
  if (signerInfo === undefined || signerInfo.signedAttrs === undefined) throw badReply('it is not signed');
  const attrs = new Map(signerInfo.signedAttrs.map((a) => [a.attrType, a.attrValues[0]]));
  const content = encapsulatedBytes(signed);
  const signer = trustedSignerOf(signerInfo, expect.trustedSigners);
  const digest = signerInfo.digestAlgorithm.algorithm === OID.sha1 ? 'sha1' : signerInfo.digestAlgorithm.algorithm === OID.sha256 ? 'sha256' : null;
  if (digest === null) throw badReply(`it uses the digest ${signerInfo.digestAlgorithm.algorithm}`);
  const digestAttr = attrs.get(OID.messageDigest);
  if (digestAttr === undefined || !Buffer.from(octets(digestAttr)).equals(hash(digest, content))) throw badReply('its content does not match its signature');
  if (!verify(digest, signedAttributesDer(signerInfo), signer, Buffer.from(signerInfo.signature.buffer))) {
    throw badReply('its signature is not the CA’s');
  }
  if (printable(attrs.get(OID.messageType)) !== MESSAGE_TYPE.certRep) throw badReply('it is not a CertRep');
  if (printable(attrs.get(OID.transactionId)) !== expect.transactionId) throw badReply('it answers another transaction');
  const nonce = attrs.get(OID.recipientNonce);
  if (nonce === undefined || !Buffer.from(octets(nonce)).equals(expect.senderNonce)) throw badReply('it does not answer this request (nonce)');
  const status = printable(attrs.get(OID.pkiStatus));
  if (status === '3') return { status: 'pending' };
  if (status === '2') {
    const code = printable(attrs.get(OID.failInfo));
    return { status: 'failure', failInfo: FAIL_INFO[code] ?? `failInfo ${code || '(none)'}` };
  }
  if (status !== '0') throw badReply(`its status is ${status || '(none)'}`);
  const inner = decryptEnveloped(content, expect.requesterKeyPem, expect.requesterCertDer);
  return { status: 'success', certificates: certificatesOf(parseSignedData(inner)) };
}

/** The certificates of a degenerate (certs-only) PKCS#7, as GetCACert answers with RA certificates. */
export function certificatesOfDegenerate(der: Buffer): Buffer[] {
  return certificatesOf(parseSignedData(der));
}

const DER_NULL = new Uint8Array([0x05, 0x00]).buffer;

function envelope(content: Buffer, recipientDer: Buffer, cipher: string): Buffer {
  const p7 = forge.pkcs7.createEnvelopedData();
  p7.addRecipient(forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(recipientDer.toString('binary')))));
  p7.content = forge.util.createBuffer(content.toString('binary'));
  p7.encrypt(undefined, cipher);
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
}

function decryptEnveloped(der: Buffer, keyPem: string, certDer: Buffer): Buffer {
  const message = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary'))));
  if (!('recipients' in message) || !('decrypt' in message)) throw badReply('its content is not encrypted to this device');
  const enveloped = message as forge.pkcs7.PkcsEnvelopedData & { decrypt(recipient: unknown, key: forge.pki.rsa.PrivateKey): void; content?: forge.util.ByteStringBuffer };
  const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(certDer.toString('binary'))));
  const recipient = enveloped.findRecipient(cert);
  if (recipient === null) throw badReply('its content is encrypted to another key');
  enveloped.decrypt(recipient, forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey);
  if (enveloped.content === undefined) throw badReply('its content could not be decrypted');
  return Buffer.from(enveloped.content.getBytes(), 'binary');
}

function parseSignedData(der: Buffer): SignedData {
  try {
    const info = AsnConvert.parse(der, ContentInfo);
    if (info.contentType !== id_signedData) throw new Error(`content type ${info.contentType}`);
    return AsnConvert.parse(info.content, SignedData);
  } catch (error) {
    if (error instanceof ThinCertError) throw error;
    throw badReply(`it is not a PKCS#7 signed message (${error instanceof Error ? error.message : String(error)})`);
  }
}

function encapsulatedBytes(signed: SignedData): Buffer {
  const eContent = signed.encapContentInfo.eContent;
  if (eContent?.single) return Buffer.from(eContent.single.buffer);
  if (eContent?.any) {
    // Some servers put the constructed form; its octets are the content.
    const parsed = asn1js.fromBER(eContent.any);
    if (parsed.result instanceof asn1js.OctetString) return Buffer.from(parsed.result.getValue());
  }
  if (signed.encapContentInfo.eContentType !== id_data && signed.encapContentInfo.eContentType !== id_envelopedData) throw badReply('it has no content');
  return Buffer.alloc(0);
}

function certificatesOf(signed: SignedData): Buffer[] {
  return (signed.certificates ?? []).flatMap((choice) => (choice.certificate ? [Buffer.from(AsnConvert.serialize(choice.certificate))] : []));
}

function trustedSignerOf(signerInfo: SignerInfo, trusted: Buffer[]): KeyObject {
  const sid = signerInfo.sid.issuerAndSerialNumber;
  for (const der of trusted) {
    const cert = AsnConvert.parse(der, Certificate);
    const sameSerial = Buffer.from(cert.tbsCertificate.serialNumber).equals(Buffer.from(sid?.serialNumber ?? new ArrayBuffer(0)));
    const sameIssuer = sid !== undefined && Buffer.from(AsnConvert.serialize(cert.tbsCertificate.issuer)).equals(Buffer.from(AsnConvert.serialize(sid.issuer)));
    if (sameSerial && sameIssuer) return publicKeyOf(der);
  }
  throw badReply('it is signed by a certificate that is neither the CA nor its RA');
}

function publicKeyOf(der: Buffer): KeyObject {
  return createPublicKey(`-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`);
}

/**
 * RFC 5652 §5.4: the signature covers the attributes as an explicit SET OF,
 * not the [0] they travel in. Encoded from the parsed attributes in their
 * order, as Go's pkcs7 (scepserver) does on its side; both sides write DER.
 */
function signedAttributesDer(signerInfo: SignerInfo): Buffer {
  const members = (signerInfo.signedAttrs ?? []).map((a) => asn1js.fromBER(AsnConvert.serialize(a)).result);
  return Buffer.from(new asn1js.Set({ value: members }).toBER(false));
}

function attribute(type: string, value: asn1js.BaseBlock): Attribute {
  return new Attribute({ attrType: type, attrValues: [value.toBER(false)] });
}

/** DER orders a SET OF by its members' encodings; servers re-encode before verifying (Go's asn1 sorts). */
function sortedForDer(attributes: Attribute[]): Attribute[] {
  const encoded = attributes.map((a) => ({ a, der: Buffer.from(AsnConvert.serialize(a)) }));
  encoded.sort((x, y) => Buffer.compare(x.der, y.der));
  return encoded.map((e) => e.a);
}

function printable(value: ArrayBuffer | undefined): string {
  if (value === undefined) return '';
  const parsed = asn1js.fromBER(value).result;
  return parsed instanceof asn1js.PrintableString || parsed instanceof asn1js.Utf8String || parsed instanceof asn1js.IA5String ? parsed.valueBlock.value : '';
}

function octets(value: ArrayBuffer): ArrayBuffer {
  const parsed = asn1js.fromBER(value).result;
  return parsed instanceof asn1js.OctetString ? parsed.getValue() : new ArrayBuffer(0);
}

function hash(name: DigestName, data: Buffer): Buffer {
  return createHash(name).update(data).digest();
}

function badReply(why: string): ThinCertError {
  return new ThinCertError('scep-bad-reply', `The SCEP server's answer cannot be used: ${why}.`, { why });
}
