/**
 * The device's key pair and what SCEP sends about it: a PKCS#10 request with
 * the challenge password and the subject alternative names (node-forge's
 * CSR builder), and the short-lived self-signed certificate that signs a first
 * PKCSReq (RFC 8894 §2.3: the requester has no certificate yet).
 */
import { createHash, generateKeyPair, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { promisify } from 'node:util';
import forge from 'node-forge';

const generateKeyPairAsync = promisify(generateKeyPair);

export const DEFAULT_RSA_BITS = 2048;

/** A new RSA key as PKCS#8 PEM. RSA only: SCEP returns the certificate encrypted to this key by key transport. */
export async function generateDeviceKey(bits = DEFAULT_RSA_BITS): Promise<string> {
  const { privateKey } = await generateKeyPairAsync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return privateKey;
}

export interface CsrSubject {
  cn: string;
  /** `DNS:name` / `IP:address` entries. */
  san: readonly string[];
}

export function createCsr(keyPem: string, subject: CsrSubject, challenge: string | null): Buffer {
  const { privateKey, publicKey } = forgeKeys(keyPem);
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = publicKey;
  csr.setSubject([{ name: 'commonName', value: subject.cn, valueTagClass: forge.asn1.Type.UTF8 } as unknown as forge.pki.CertificateField]);
  const attributes: forge.pki.CertificateField[] = [];
  if (challenge !== null && challenge.length > 0) attributes.push({ name: 'challengePassword', value: challenge });
  if (subject.san.length > 0) {
    attributes.push({ name: 'extensionRequest', extensions: [{ name: 'subjectAltName', altNames: subject.san.map(altName) }] } as forge.pki.CertificateField);
  }
  csr.setAttributes(attributes);
  csr.sign(privateKey, forge.md.sha256.create());
  return derOf(forge.pki.certificationRequestToAsn1(csr));
}

/** RFC 8894 §2.3: the signer of a first request, a self-signed certificate of the new key, valid for a day. */
export function selfSignedSigner(keyPem: string, cn: string, now: Date): Buffer {
  const { privateKey, publicKey } = forgeKeys(keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + 24 * 3600_000);
  const name = [{ name: 'commonName', value: cn }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(privateKey, forge.md.sha256.create());
  return derOf(forge.pki.certificateToAsn1(cert));
}

/** RFC 8894 §3.2.1.1: the transaction is named by a hash of the public key, so a retry or a poll is the same one. */
export function transactionIdOf(keyPem: string): string {
  const { publicKey } = forgeKeys(keyPem);
  const spki = derOf(forge.pki.publicKeyToAsn1(publicKey));
  return createHash('sha256').update(spki).digest('hex').toUpperCase();
}

function altName(entry: string): { type: number; value?: string; ip?: string } {
  const [kind, ...rest] = entry.split(':');
  const value = rest.join(':');
  if (kind === 'IP' && isIP(value) !== 0) return { type: 7, ip: value };
  return { type: 2, value };
}

function forgeKeys(keyPem: string): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  const privateKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  return { privateKey, publicKey: forge.pki.setRsaPublicKey(privateKey.n, privateKey.e) };
}

function derOf(asn1: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}
