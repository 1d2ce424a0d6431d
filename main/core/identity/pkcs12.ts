/**
 * A PKCS#12 file as this device's identity, for networks without SCEP:
 * node-forge reads it (OpenSSL 3's default AES-256-CBC/PBKDF2 with a SHA-256
 * MAC, and the legacy 3DES/RC2 of `-legacy`). The password opens it and is
 * then forgotten; a file without a key, or whose key is not its certificate's,
 * is refused before anything is written.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
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
  const keys = keyBags.flatMap((bag) => (bag.key ? [forge.pki.privateKeyToPem(bag.key)] : []));
  if (keys.length === 0) throw new ThinCertError('p12-no-key', 'This PKCS#12 file holds no private key, so it cannot be this device’s certificate; nothing was stored.');
  const certs = bagsOf(p12, forge.pki.oids.certBag as string).flatMap((bag) => (bag.cert ? [forge.pki.certificateToPem(bag.cert)] : []));
  for (const keyPem of keys) {
    const key = createPrivateKey(keyPem);
    const leaf = certs.find((pem) => new X509Certificate(pem).checkPrivateKey(key));
    if (leaf !== undefined) {
      // Re-exported as PKCS#8 by OpenSSL, the form the forwarder and other programs read.
      const pkcs8 = key.export({ type: 'pkcs8', format: 'pem' }).toString();
      return { keyPem: pkcs8, certPem: [leaf, ...certs.filter((pem) => pem !== leaf)].map(normalisePem).join('') };
    }
  }
  throw new ThinCertError('p12-key-mismatch', 'The private key in this PKCS#12 file does not belong to its certificate; nothing was stored.');
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
