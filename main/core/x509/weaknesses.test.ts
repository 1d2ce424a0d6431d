import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detailsOf } from './details';
import { parseCertificates } from './parse';
import { CA_EXTENSIONS, OpenSsl, type IssuedCertificate } from './test-support/openssl';
import { parseRefusal } from './test-support/parse-refusal';
import { certificateWeaknesses } from './weaknesses';

let openssl: OpenSsl;
let root: IssuedCertificate;

beforeAll(() => {
  openssl = new OpenSsl();
  root = openssl.certificate('root', { subject: '/CN=Example Root', key: 'rsa:2048', extensions: CA_EXTENSIONS });
});

afterAll(() => openssl.cleanup());

describe('weak certificates are refused', () => {
  it('refuses an RSA key shorter than 2048 bits', () => {
    const weak = openssl.certificate('rsa1024', { subject: '/CN=weak rsa', key: 'rsa:1024' });
    expect(parseRefusal(weak.pem)).toMatchObject({
      code: 'weak-key',
      message: 'The certificate "CN=weak rsa" has an RSA key of 1024 bits; at least 2048 bits are required.',
      params: { subject: 'CN=weak rsa', keyType: 'RSA', bits: 1024 },
    });
  });

  it('refuses a DSA key', () => {
    const dsa = openssl.certificate('dsa', { subject: '/CN=dsa', key: 'dsa:2048' });
    const error = parseRefusal(dsa.pem);
    expect(error).toMatchObject({ code: 'weak-key', params: { subject: 'CN=dsa', keyType: 'DSA', bits: 2048 } });
    expect(error.message).toMatch(/DSA key, which is no longer accepted/);
  });

  it('refuses an EC key on a curve other than P-256, P-384 or P-521', () => {
    const k1 = openssl.certificate('k1', { subject: '/CN=bitcoin curve', key: 'ec:secp256k1' });
    expect(detailsOf(k1.der)).toMatchObject({ keyType: 'ec', curve: 'secp256k1', keyBits: 256 });
    expect(parseRefusal(k1.pem)).toMatchObject({
      code: 'unknown-curve',
      message: 'The certificate "CN=bitcoin curve" uses the unknown elliptic curve secp256k1; only P-256, P-384 and P-521 are accepted.',
    });
  });

  it('refuses a leaf signed with SHA-1', () => {
    const sha1Leaf = openssl.certificate('sha1-leaf', { subject: '/CN=sha1 leaf', key: 'rsa:2048', issuer: root, digest: 'sha1' });
    expect(parseRefusal(sha1Leaf.pem)).toMatchObject({
      code: 'weak-signature',
      params: { algorithm: 'sha1WithRSAEncryption' },
      message: 'The certificate "CN=sha1 leaf" is signed with sha1WithRSAEncryption, which is no longer safe; ask for a certificate signed with SHA-256 or better.',
    });
  });

  it('refuses an MD5 signature, even on a self-signed root', () => {
    const md5Root = openssl.certificate('md5-root', { subject: '/CN=md5 root', key: 'rsa:2048', digest: 'md5', extensions: CA_EXTENSIONS });
    expect(detailsOf(md5Root.der)).toMatchObject({ isCA: true, selfSigned: true, signatureAlgorithm: 'md5WithRSAEncryption' });
    expect(parseRefusal(md5Root.pem)).toMatchObject({ code: 'weak-signature', params: { algorithm: 'md5WithRSAEncryption' } });
  });

  it('refuses a self-signed SHA-1 certificate that is not a CA', () => {
    const sha1Self = openssl.certificate('sha1-self', { subject: '/CN=sha1 self', key: 'rsa:2048', digest: 'sha1', extensions: ['basicConstraints=critical,CA:FALSE'] });
    expect(parseRefusal(sha1Self.pem).code).toBe('weak-signature');
  });

  it('accepts a SHA-1 self-signed root: nobody relies on a root signing itself', () => {
    const sha1Root = openssl.certificate('sha1-root', { subject: '/CN=Old Root', key: 'rsa:2048', digest: 'sha1', extensions: CA_EXTENSIONS });
    const [parsed] = parseCertificates(sha1Root.pem);
    expect(parsed?.details).toMatchObject({ isCA: true, selfSigned: true, signatureAlgorithm: 'sha1WithRSAEncryption' });
  });

  it('refuses RSASSA-PSS with SHA-1 and accepts it with SHA-256', () => {
    const key = openssl.key('rsa:2048', 'pss.key');
    const make = (digest: string, out: string): Buffer => {
      openssl.run(['req', '-x509', '-new', '-key', key, '-subj', `/CN=pss ${digest}`, `-${digest}`, '-sigopt', 'rsa_padding_mode:pss', '-addext', 'basicConstraints=critical,CA:FALSE', '-days', '30', '-out', out]);
      return openssl.read(out);
    };
    expect(parseRefusal(make('sha1', 'pss1.pem')).message).toContain('rsassaPss with SHA-1');
    const [parsed] = parseCertificates(make('sha256', 'pss256.pem'));
    expect(parsed?.details).toMatchObject({ keyType: 'rsa', keyBits: 2048, signatureAlgorithm: 'rsassaPss' });
  });

  it('lists every weakness of one certificate', () => {
    const awful = openssl.certificate('awful', { subject: '/CN=awful', key: 'rsa:1024', issuer: root, digest: 'md5' });
    expect(certificateWeaknesses(awful.der, detailsOf(awful.der)).map((error) => error.code)).toEqual(['weak-key', 'weak-signature']);
  });

  it('refuses a key type ThinCert does not support (X25519) by name', () => {
    openssl.run(['genpkey', '-algorithm', 'X25519', '-out', 'x25519.key']);
    openssl.run(['pkey', '-in', 'x25519.key', '-pubout', '-out', 'x25519.pub']);
    const helper = openssl.key('ec:P-256', 'helper.key');
    openssl.run(['req', '-new', '-key', helper, '-subj', '/CN=x25519', '-out', 'x25519.csr']);
    openssl.run(['x509', '-req', '-in', 'x25519.csr', '-CA', root.certPath, '-CAkey', root.keyPath, '-force_pubkey', 'x25519.pub', '-days', '30', '-out', 'x25519.pem']);
    expect(parseRefusal(openssl.read('x25519.pem'))).toMatchObject({ code: 'unsupported-key', params: { keyAlgorithm: 'X25519' } });
  });
});
