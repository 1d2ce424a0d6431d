import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childrenOf, scanElement, type DerElement } from './der';
import { sha256Fingerprint } from './fingerprint';
import { MAX_FILE_BYTES } from './limits';
import { parseCertificates } from './parse';
import { CA_EXTENSIONS, OpenSsl, type IssuedCertificate } from './test-support/openssl';
import { parseRefusal } from './test-support/parse-refusal';

let openssl: OpenSsl;
let root: IssuedCertificate;
let intermediate: IssuedCertificate;
let leaf: IssuedCertificate;
let chainPem: Buffer;

const fingerprints = (bytes: Buffer): string[] => parseCertificates(bytes).map((parsed) => parsed.details.fingerprint);

beforeAll(() => {
  openssl = new OpenSsl();
  root = openssl.certificate('root', { subject: '/CN=Example Root', key: 'rsa:2048', extensions: CA_EXTENSIONS });
  intermediate = openssl.certificate('intermediate', { subject: '/CN=Example Issuing CA', key: 'ec:P-384', issuer: root, extensions: CA_EXTENSIONS });
  leaf = openssl.certificate('leaf', {
    subject: '/CN=rdp1.example.org',
    issuer: intermediate,
    extensions: ['subjectAltName=DNS:rdp1.example.org,IP:10.0.0.5'],
  });
  chainPem = Buffer.concat([leaf.pem, intermediate.pem, root.pem]);
  openssl.write('chain.pem', chainPem);
});

afterAll(() => openssl.cleanup());

describe('accepted formats', () => {
  const chain = (): string[] => [leaf, intermediate, root].map((certificate) => sha256Fingerprint(certificate.der));

  it('reads one PEM certificate with its details', () => {
    const [parsed] = parseCertificates(leaf.pem);
    expect(parsed?.der.equals(leaf.der)).toBe(true);
    expect(parsed?.details.subject).toBe('CN=rdp1.example.org');
  });

  it('reads every certificate of a multi-certificate PEM, in order', () => {
    expect(fingerprints(chainPem)).toEqual(chain());
  });

  it('ignores text around the PEM blocks (bag attributes, subject lines)', () => {
    const text = `Bag Attributes\n    friendlyName: rdp\nsubject=CN=rdp1.example.org\n${leaf.pem.toString()}\nnotes after the block\n`;
    expect(fingerprints(Buffer.from(text))).toEqual([sha256Fingerprint(leaf.der)]);
  });

  it('reads PEM with CRLF line ends and a UTF-8 byte order mark', () => {
    const crlf = Buffer.from(chainPem.toString().replace(/\n/g, '\r\n'));
    expect(fingerprints(crlf)).toEqual(chain());
    expect(fingerprints(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), crlf]))).toEqual(chain());
  });

  it('reads PEM saved as UTF-16 by Windows Notepad', () => {
    expect(fingerprints(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(leaf.pem.toString(), 'utf16le')]))).toEqual([sha256Fingerprint(leaf.der)]);
  });

  it('reads a DER certificate', () => {
    expect(fingerprints(leaf.der)).toEqual([sha256Fingerprint(leaf.der)]);
  });

  it('reads every certificate of a PKCS#7 file, in PEM and in DER', () => {
    const p7bPem = openssl.run(['crl2pkcs7', '-nocrl', '-certfile', 'chain.pem']);
    const p7bDer = openssl.run(['crl2pkcs7', '-nocrl', '-certfile', 'chain.pem', '-outform', 'DER']);
    expect(p7bPem.toString()).toContain('-----BEGIN PKCS7-----');
    expect(new Set(fingerprints(p7bPem))).toEqual(new Set(chain()));
    expect(new Set(fingerprints(p7bDer))).toEqual(new Set(chain()));
  });

  it('reads an OpenSSL TRUSTED CERTIFICATE, keeping only the certificate', () => {
    const trusted = openssl.run(['x509', '-in', leaf.certPath, '-trustout', '-addtrust', 'serverAuth']);
    expect(trusted.toString()).toContain('-----BEGIN TRUSTED CERTIFICATE-----');
    const [parsed] = parseCertificates(trusted);
    expect(parsed?.der.equals(leaf.der)).toBe(true);
  });

  it('counts a certificate repeated in one file once', () => {
    expect(fingerprints(Buffer.concat([root.pem, leaf.pem, root.pem]))).toEqual([sha256Fingerprint(root.der), sha256Fingerprint(leaf.der)]);
  });
});

describe('refusals', () => {
  it('refuses an empty file', () => {
    expect(parseRefusal(Buffer.alloc(0))).toMatchObject({ code: 'empty-file', message: 'The file is empty.' });
    expect(parseRefusal(Buffer.from('\xEF\xBB\xBF \r\n', 'latin1')).code).toBe('empty-file');
  });

  it('refuses a file larger than 1 MiB before looking inside', () => {
    const error = parseRefusal(Buffer.concat([leaf.pem, Buffer.alloc(MAX_FILE_BYTES)]));
    expect(error.code).toBe('file-too-large');
    expect(error.message).toMatch(/1 MiB/);
  });

  it('refuses random text and random binary as not a certificate', () => {
    expect(parseRefusal(Buffer.from('Hello, this is a shopping list.\n')).code).toBe('not-a-certificate');
    expect(parseRefusal(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])).message).toBe(
      'This file does not contain a certificate (PEM, DER or PKCS#7 expected).',
    );
  });

  const keyMessage = 'This is a private key — never copy keys to the thin client.';

  it('refuses a private key and says never to copy keys, whatever its format', () => {
    const key = openssl.key('rsa:2048', 'plain.key');
    const variants = {
      pkcs8: openssl.read('plain.key'),
      rsa: openssl.run(['rsa', '-in', key, '-traditional']),
      ec: openssl.run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout']),
      encrypted: openssl.run(['pkcs8', '-topk8', '-in', key, '-v2', 'aes256', '-passout', 'pass:secret']),
      pkcs8Der: openssl.run(['pkcs8', '-topk8', '-nocrypt', '-in', key, '-outform', 'DER']),
      rsaDer: openssl.run(['rsa', '-in', key, '-traditional', '-outform', 'DER']),
      ecDer: openssl.run(['ec', '-outform', 'DER'], openssl.run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout']).toString()),
      encryptedDer: openssl.run(['pkcs8', '-topk8', '-in', key, '-v2', 'aes256', '-passout', 'pass:secret', '-outform', 'DER']),
    };
    expect(variants.rsa.toString()).toContain('BEGIN RSA PRIVATE KEY');
    expect(variants.ec.toString()).toContain('BEGIN EC PRIVATE KEY');
    expect(variants.encrypted.toString()).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    for (const [format, bytes] of Object.entries(variants)) {
      expect({ format, ...parseRefusal(bytes).toShape() }).toEqual({ format, code: 'private-key', message: keyMessage });
    }
  });

  it('refuses a whole PEM that holds a certificate and its private key, with the key message', () => {
    expect(parseRefusal(Buffer.concat([leaf.pem, openssl.read(`${'leaf'}.key`)])).message).toBe(keyMessage);
    // Even when the key comes first and another block is damaged.
    expect(parseRefusal(Buffer.concat([openssl.read('leaf.key'), Buffer.from('-----BEGIN CERTIFICATE-----\n!!!\n')])).code).toBe('private-key');
  });

  it('refuses a certificate request in PEM and DER and says to send it to the CA', () => {
    openssl.run(['req', '-new', '-key', leaf.keyPath, '-subj', '/CN=request', '-out', 'request.csr']);
    const der = openssl.run(['req', '-in', 'request.csr', '-outform', 'DER']);
    for (const bytes of [openssl.read('request.csr'), der]) {
      const error = parseRefusal(bytes);
      expect(error.code).toBe('certificate-request');
      expect(error.message).toMatch(/certificate request \(CSR\).*certificate authority/);
    }
  });

  it('refuses a PKCS#12 file and says how to extract the certificates', () => {
    const pfx = openssl.run(['pkcs12', '-export', '-in', leaf.certPath, '-inkey', leaf.keyPath, '-passout', 'pass:secret']);
    const error = parseRefusal(pfx);
    expect(error.code).toBe('pkcs12');
    expect(error.message).toContain('openssl pkcs12 -in FILE -nokeys -out cert.pem');
  });

  it('refuses a PEM block whose base64 is damaged', () => {
    const damaged = leaf.pem.toString().replace(/^(M.{10})./m, '$1*');
    const error = parseRefusal(Buffer.from(damaged));
    expect(error).toMatchObject({ code: 'damaged-pem', params: { label: 'CERTIFICATE', reason: 'its base64 text is invalid' } });
  });

  it('refuses a PEM cut short before its END line', () => {
    const text = chainPem.toString();
    const error = parseRefusal(Buffer.from(text.slice(0, text.length - 40)));
    expect(error.code).toBe('damaged-pem');
    expect(error.message).toMatch(/no END line/);
  });

  it('refuses a PEM block whose base64 is valid but its DER is cut short', () => {
    const shortDer = leaf.der.subarray(0, leaf.der.length - 10);
    const pem = `-----BEGIN CERTIFICATE-----\n${shortDer.toString('base64')}\n-----END CERTIFICATE-----\n`;
    expect(parseRefusal(Buffer.from(pem))).toMatchObject({ code: 'damaged-der', params: { reason: 'it is cut short' } });
  });

  it('refuses DER cut short or followed by garbage', () => {
    expect(parseRefusal(leaf.der.subarray(0, leaf.der.length - 1))).toMatchObject({ code: 'damaged-der', params: { reason: 'it is cut short' } });
    expect(parseRefusal(Buffer.concat([leaf.der, Buffer.from('garbage')]))).toMatchObject({
      code: 'damaged-der',
      params: { reason: 'it has extra bytes after its end' },
    });
  });

  it('refuses a file in which one of several certificates is damaged, returning none', () => {
    const damagedRoot = root.pem.toString().replace(/^(M.{10})./m, '$1*');
    expect(parseRefusal(Buffer.from(leaf.pem.toString() + damagedRoot)).code).toBe('damaged-pem');
  });

  it('refuses a certificate OpenSSL cannot read even though its outline is intact', () => {
    // The signature BIT STRING claims 9 unused bits: well-formed TLV, invalid content.
    const broken = Buffer.from(leaf.der);
    broken[topLevelParts(broken).signature.contentStart] = 9;
    expect(parseRefusal(broken)).toMatchObject({ code: 'damaged-certificate', message: 'A certificate in the file cannot be read: OpenSSL cannot read it.' });
  });

  it('refuses more than 1000 distinct certificates in one file, before reading them', () => {
    const serial = topLevelParts(leaf.der).serial;
    expect(serial.end - serial.contentStart).toBeGreaterThanOrEqual(2);
    const many = Array.from({ length: 1001 }, (_, index) => {
      const copy = Buffer.from(leaf.der);
      copy.writeUInt16BE(index, serial.end - 2);
      return `-----BEGIN CERTIFICATE-----\n${copy.toString('base64')}\n-----END CERTIFICATE-----\n`;
    });
    const bytes = Buffer.from(many.join(''));
    expect(bytes.length).toBeLessThan(MAX_FILE_BYTES);
    const started = performance.now();
    expect(parseRefusal(bytes)).toMatchObject({ code: 'too-many-certificates', params: { count: 1001, limit: 1000 } });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses other PEM blocks (CRL, public key) among certificates', () => {
    const publicKey = openssl.run(['pkey', '-in', leaf.keyPath, '-pubout']);
    expect(parseRefusal(Buffer.concat([leaf.pem, publicKey]))).toMatchObject({ code: 'unexpected-content', params: { what: 'a bare public key' } });
  });

  it('refuses deeply nested ASN.1 quickly', () => {
    const nested = nestedSequences(200_000);
    expect(nested.length).toBeLessThanOrEqual(MAX_FILE_BYTES);
    const started = performance.now();
    const error = parseRefusal(nested);
    const elapsed = performance.now() - started;
    expect(error.code).toBe('too-complex');
    expect(elapsed).toBeLessThan(1000);
    const pem = Buffer.from(`-----BEGIN CERTIFICATE-----\n${nestedSequences(140_000).toString('base64')}\n-----END CERTIFICATE-----\n`);
    expect(parseRefusal(pem).code).toBe('too-complex');
  });

  it('refuses a megabyte of unmatched BEGIN lines quickly', () => {
    const text = '-----BEGIN CERTIFICATE-----\n'.repeat(Math.floor(MAX_FILE_BYTES / 28));
    const started = performance.now();
    expect(parseRefusal(Buffer.from(text)).code).toBe('damaged-pem');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

/** The signature BIT STRING and the serial INTEGER of a v3 certificate. */
function topLevelParts(der: Buffer): { signature: DerElement; serial: DerElement } {
  const [tbs, , signature] = childrenOf(der, scanElement(der));
  const serial = tbs === undefined ? undefined : childrenOf(der, tbs)[1];
  if (signature === undefined || serial === undefined) throw new Error('not a v3 certificate');
  return { signature, serial };
}

/** SEQUENCE { SEQUENCE { … } } `depth` deep, each header 5 bytes (long-form length). */
function nestedSequences(depth: number): Buffer {
  const nested = Buffer.alloc(depth * 5);
  for (let i = 0; i < depth; i += 1) {
    nested[i * 5] = 0x30;
    nested[i * 5 + 1] = 0x83;
    nested.writeUIntBE(nested.length - (i + 1) * 5, i * 5 + 2, 3);
  }
  return nested;
}
