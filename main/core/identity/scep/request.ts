/**
 * One SCEP request from key to certificate: PKCSReq (first enrollment, signed
 * by a self-signed certificate of the new key) or RenewalReq (signed by the
 * current identity), then GetCertInitial polls while the CA says PENDING.
 */
import { X509Certificate, createPublicKey, randomBytes } from 'node:crypto';
import { AsnConvert, AsnProp } from '@peculiar/asn1-schema';
import { AttributeTypeAndValue, AttributeValue, Certificate, Name, RelativeDistinguishedName } from '@peculiar/asn1-x509';
import { ThinCertError } from '../../errors';
import { createCsr, selfSignedSigner, transactionIdOf, type CsrSubject } from './csr';
import { pkiOperation, type ScepCa } from './client';
import { buildPkiMessage, readCertRep, type RequestType, type Signer } from './message';

export interface Issued {
  /** The issued certificate, then whatever other certificates the CA sent (its chain). */
  certificates: Buffer[];
}

/** What a PENDING request needs to be polled later, also after a restart: never the challenge. */
export interface PendingRequest {
  transactionId: string;
  signer: { certDer: string };
  subjectCn: string;
}

export type RequestOutcome = { kind: 'issued'; issued: Issued } | { kind: 'pending'; pending: PendingRequest };

export interface CertificateRequest {
  ca: ScepCa;
  /** The new key's PEM. */
  keyPem: string;
  subject: CsrSubject;
  challenge: string | null;
  /** Renewal: the current certificate and key sign the request. */
  renewWith: Signer | null;
  now: Date;
}

export async function requestCertificate(request: CertificateRequest): Promise<RequestOutcome> {
  const type: RequestType = request.renewWith ? 'renewalReq' : 'pkcsReq';
  if (type === 'renewalReq' && !request.ca.caps.has('renewal')) {
    throw new ThinCertError('scep-renewal-unsupported', 'This SCEP server does not offer renewal (GetCACaps has no Renewal); enroll again with a new challenge.');
  }
  const signer: Signer = request.renewWith ?? { certDer: selfSignedSigner(request.keyPem, request.subject.cn, request.now), keyPem: request.keyPem };
  const transactionId = transactionIdOf(request.keyPem);
  const csr = createCsr(request.keyPem, request.subject, request.challenge);
  const outcome = await exchange(request.ca, type, transactionId, csr, signer, request.keyPem);
  if (outcome === 'pending') return { kind: 'pending', pending: { transactionId, signer: { certDer: signer.certDer.toString('base64') }, subjectCn: request.subject.cn } };
  return { kind: 'issued', issued: outcome };
}

/** GetCertInitial (RFC 8894 §3.3.3): asks again for the certificate of a PENDING request. */
export async function pollCertificate(ca: ScepCa, pending: PendingRequest, keyPem: string, signerKeyPem: string): Promise<Issued | 'pending'> {
  const signerDer = Buffer.from(pending.signer.certDer, 'base64');
  const caCert = AsnConvert.parse(ca.caDer, Certificate);
  const content = Buffer.from(
    AsnConvert.serialize(new IssuerAndSubject({ issuer: caCert.tbsCertificate.subject, subject: subjectName(pending.subjectCn) })),
  );
  return exchange(ca, 'certPoll', pending.transactionId, content, { certDer: signerDer, keyPem: signerKeyPem }, keyPem);
}

async function exchange(ca: ScepCa, type: RequestType, transactionId: string, content: Buffer, signer: Signer, keyPem: string): Promise<Issued | 'pending'> {
  const senderNonce = randomBytes(16);
  // The answer is encrypted to the certificate that signed the request.
  const message = buildPkiMessage({ type, transactionId, senderNonce, content, recipientDer: ca.recipientDer, signer, digest: ca.digest, cipher: ca.cipher });
  const reply = readCertRep(await pkiOperation(ca, message), {
    transactionId,
    senderNonce,
    trustedSigners: ca.signers,
    requesterKeyPem: signer.keyPem,
    requesterCertDer: signer.certDer,
  });
  if (reply.status === 'pending') return 'pending';
  if (reply.status === 'failure') {
    throw new ThinCertError('scep-refused', `The CA refused the request: ${reply.failInfo}.`, { failInfo: reply.failInfo });
  }
  const ours = createPublicKey(keyPem).export({ type: 'spki', format: 'der' });
  const leaf = reply.certificates.find((der) => Buffer.from(new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' })).equals(ours));
  if (leaf === undefined) throw new ThinCertError('scep-bad-reply', "The SCEP server's answer holds no certificate for this device's key.", { why: 'no certificate for the key' });
  return { certificates: [leaf, ...reply.certificates.filter((der) => der !== leaf)] };
}

/** The subject a PKCSReq asked for, as the CSR wrote it: one CN, UTF8String (csr.ts). */
function subjectName(cn: string): Name {
  return new Name([new RelativeDistinguishedName([new AttributeTypeAndValue({ type: '2.5.4.3', value: new AttributeValue({ utf8String: cn }) })])]);
}

class IssuerAndSubject {
  issuer = new Name();
  subject = new Name();
  constructor(params: Partial<IssuerAndSubject> = {}) {
    Object.assign(this, params);
  }
}
AsnProp({ type: Name })(IssuerAndSubject.prototype, 'issuer');
AsnProp({ type: Name })(IssuerAndSubject.prototype, 'subject');
