/**
 * A PKCS#12 file as this device's identity, for networks without SCEP:
 * node-forge reads it (OpenSSL 3's default AES-256-CBC/PBKDF2 with a SHA-256
 * MAC, and the legacy 3DES/RC2 of `-legacy`). The password opens it and is
 * then forgotten; a file without a key, or whose key is not its certificate's,
 * is refused before anything is written.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { ThinCertError } from '../errors';

export const MAX_P12_BYTES = 256 * 1024;

export interface Pkcs12Identity {
  /** Leaf (the certificate of the key) first, then the rest of the file's certificates. */
  certPem: string;
  keyPem: string;
}

export function readPkcs12(bytes: Uint8Array, password: string): Pkcs12Identity {
  if (bytes.length === 0 || bytes.length > MAX_P12_BYTES) throw unreadable();
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (error) {
    const said = error instanceof Error ? error.message : String(error);
    if (/MAC could not be verified|Invalid password/i.test(said)) {
      throw new ThinCertError('p12-wrong-password', 'The password does not open this PKCS#12 file; nothing was stored.');
    }
    throw unreadable();
  }
  const keyBags = [...bagsOf(p12, forge.pki.oids.pkcs8ShroudedKeyBag as string), ...bagsOf(p12, forge.pki.oids.keyBag as string)];
  const keys = keyBags.flatMap(keyOf);
  if (keys.length === 0) throw new ThinCertError('p12-no-key', 'This PKCS#12 file holds no private key, so it cannot be this device’s certificate; nothing was stored.');
  const certs = bagsOf(p12, forge.pki.oids.certBag as string).flatMap(certOf);
  for (const key of keys) {
    const leaf = certs.find((pem) => new X509Certificate(pem).checkPrivateKey(key));
    if (leaf !== undefined) {
      // Re-exported as PKCS#8 by OpenSSL, the form the forwarder and other programs read.
      const pkcs8 = key.export({ type: 'pkcs8', format: 'pem' }).toString();
      return { keyPem: pkcs8, certPem: [leaf, ...certs.filter((pem) => pem !== leaf)].map(normalisePem).join('') };
    }
  }
  throw new ThinCertError('p12-key-mismatch', 'The private key in this PKCS#12 file does not belong to its certificate; nothing was stored.');
}

/**
 * forge reads RSA keys and RSA-signed certificates only; for anything else
 * (an EC key, a certificate an EC CA signed) it leaves the decrypted ASN.1 in
 * the bag, which OpenSSL (through Node) reads instead.
 */
function keyOf(bag: forge.pkcs12.Bag): KeyObject[] {
  try {
    if (bag.key) return [createPrivateKey(forge.pki.privateKeyToPem(bag.key))];
    if (bag.asn1) return [createPrivateKey({ key: derOf(bag.asn1), format: 'der', type: 'pkcs8' })];
  } catch {
    // A key OpenSSL cannot read either is no key this device can use.
  }
  return [];
}

function certOf(bag: forge.pkcs12.Bag): string[] {
  try {
    if (bag.cert) return [forge.pki.certificateToPem(bag.cert)];
    if (bag.asn1) return [new X509Certificate(derOf(bag.asn1)).toString()];
  } catch {
    // An unreadable certificate cannot be the key's; the key-mismatch refusal says so.
  }
  return [];
}

function derOf(asn1: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function bagsOf(p12: forge.pkcs12.Pkcs12Pfx, type: string): forge.pkcs12.Bag[] {
  return p12.getBags({ bagType: type })[type] ?? [];
}

function normalisePem(pem: string): string {
  return `${pem.replace(/\r\n/g, '\n').trim()}\n`;
}

function unreadable(): ThinCertError {
  return new ThinCertError('p12-unreadable', 'This is not a PKCS#12 (PFX) file ThinCert can read; nothing was stored.');
}
