import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { ThinCertError } from '../errors';
import { detailsOf } from './details';
import { certificateWeaknesses } from './weaknesses';
import { CA_EXTENSIONS, OpenSsl, type IssuedCertificate, type KeySpec } from './test-support/openssl';

let openssl: OpenSsl;
let root: IssuedCertificate;
let intermediate: IssuedCertificate;
let leaf: IssuedCertificate;

beforeAll(() => {
  openssl = new OpenSsl();
  root = openssl.certificate('root', { subject: '/C=DE/O=Example, Inc/CN=Example Root', key: 'rsa:4096', extensions: CA_EXTENSIONS });
  intermediate = openssl.certificate('intermediate', {
    subject: '/O=Example/CN=Example Issuing CA',
    key: 'ec:P-384',
    issuer: root,
    extensions: ['basicConstraints=critical,CA:TRUE,pathlen:0', 'keyUsage=critical,keyCertSign,cRLSign'],
  });
  leaf = openssl.certificate('leaf', {
    subject: '/C=DE/O=Example/OU=Remote Desktops+UID=42/CN=rdp1.example.org',
    key: 'ec:P-256',
    issuer: intermediate,
    serial: '0x0A1B2C3D4E5F',
    extensions: [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth,clientAuth',
      'subjectAltName=DNS:rdp1.example.org,DNS:*.rdp.example.org,IP:10.0.0.5,IP:::1,IP:2001:db8:0:0:1:0:0:1,email:ops@example.org,URI:https://example.org/rdp',
    ],
  });
});

afterAll(() => openssl.cleanup());

describe('detailsOf', () => {
  it('reports fingerprints, names, serial and dates exactly as openssl x509 prints them', () => {
    for (const certificate of [root, intermediate, leaf]) {
      const details = detailsOf(certificate.der);
      const view = openssl.describe(certificate.certPath);
      expect(details.fingerprint).toBe(view.fingerprint);
      expect(details.sha1).toBe(view.sha1);
      expect(details.subject).toBe(view.subject);
      expect(details.issuer).toBe(view.issuer);
      expect(details.serial).toBe(view.serial);
      expect(details.notBefore).toBe(view.notBefore);
      expect(details.notAfter).toBe(view.notAfter);
      expect(details.signatureAlgorithm).toBe(view.signatureAlgorithm);
    }
  });

  it('shows names most specific first, escaping commas and joining multi-valued RDNs', () => {
    expect(detailsOf(root.der).subject).toBe('CN=Example Root, O=Example\\, Inc, C=DE');
    expect(detailsOf(leaf.der).subject).toBe('CN=rdp1.example.org, OU=Remote Desktops + UID=42, O=Example, C=DE');
    expect(detailsOf(leaf.der).issuer).toBe('CN=Example Issuing CA, O=Example');
  });

  it('keeps the serial as upper-case hex with its leading zero nibble', () => {
    expect(detailsOf(leaf.der).serial).toBe('0A1B2C3D4E5F');
  });

  it('dates are ISO 8601 UTC without milliseconds', () => {
    expect(detailsOf(leaf.der).notAfter).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('lists subjectAltNames with DNS, IPv4, compressed IPv6, email and URI', () => {
    expect(detailsOf(leaf.der).subjectAltNames).toEqual([
      'DNS:rdp1.example.org',
      'DNS:*.rdp.example.org',
      'IP:10.0.0.5',
      'IP:::1',
      'IP:2001:db8::1:0:0:1',
      'email:ops@example.org',
      'URI:https://example.org/rdp',
    ]);
  });

  it('reads key usage from the extension itself and extended key usage as names', () => {
    const details = detailsOf(leaf.der);
    // Node's X509Certificate.keyUsage answers with the EXTENDED key usage OIDs instead.
    expect(new X509Certificate(leaf.der).keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(details.keyUsage).toEqual(['digitalSignature', 'keyEncipherment']);
    expect(details.extKeyUsage).toEqual(['serverAuth', 'clientAuth']);
    expect(detailsOf(root.der).keyUsage).toEqual(['keyCertSign', 'cRLSign']);
    expect(detailsOf(root.der).extKeyUsage).toEqual([]);
  });

  it('tells CAs from leaves and self-signed roots from issued certificates', () => {
    expect(detailsOf(root.der)).toMatchObject({ isCA: true, selfSigned: true });
    expect(detailsOf(intermediate.der)).toMatchObject({ isCA: true, selfSigned: false });
    expect(detailsOf(leaf.der)).toMatchObject({ isCA: false, selfSigned: false, subjectAltNames: expect.any(Array) });
  });

  it('does not call a certificate self-signed when only its names match', () => {
    const impostor = openssl.certificate('impostor', { subject: '/C=DE/O=Example, Inc/CN=Example Root', issuer: root, extensions: ['basicConstraints=CA:FALSE'] });
    const details = detailsOf(impostor.der);
    expect(details.subject).toBe(details.issuer);
    expect(details.selfSigned).toBe(false);
  });

  const keys: [KeySpec, string, number, string | null, string][] = [
    ['rsa:2048', 'rsa', 2048, null, 'sha256WithRSAEncryption'],
    ['rsa:4096', 'rsa', 4096, null, 'sha256WithRSAEncryption'],
    ['ec:P-256', 'ec', 256, 'P-256', 'ecdsa-with-SHA256'],
    ['ec:P-384', 'ec', 384, 'P-384', 'ecdsa-with-SHA256'],
    ['ec:P-521', 'ec', 521, 'P-521', 'ecdsa-with-SHA256'],
    ['ed25519', 'ed25519', 256, null, 'ED25519'],
    ['ed448', 'ed448', 456, null, 'ED448'],
  ];
  // (openssl req -x509 marks them CA through its default v3_ca section.)
  it.each(keys)('describes a self-signed %s certificate', (key, keyType, keyBits, curve, signatureAlgorithm) => {
    const certificate = openssl.certificate(`self-${key.replace(':', '-')}`, { subject: `/CN=${key}`, key });
    const details = detailsOf(certificate.der);
    expect(details).toMatchObject({ keyType, keyBits, curve, signatureAlgorithm, selfSigned: true });
    expect(details.signatureAlgorithm).toBe(openssl.describe(certificate.certPath).signatureAlgorithm);
    expect(certificateWeaknesses(certificate.der, details)).toEqual([]);
  });

  it('refuses trailing bytes after the certificate', () => {
    expect(() => detailsOf(Buffer.concat([leaf.der, Buffer.from([0])]))).toThrow(ThinCertError);
  });
});
