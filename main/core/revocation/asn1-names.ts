/** Small helpers over @peculiar/asn1-x509 values that both CRLs and OCSP need. */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, CRLReasons, Name } from '@peculiar/asn1-x509';

const SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

/** "O=Example, CN=Example CA" — most significant last, the way CertificateDetails shows subjects (RFC 2253 order). */
export function readableName(name: Name): string {
  return [...name]
    .reverse()
    .flatMap((rdn) => rdn.map((attribute) => `${SHORT_NAMES[attribute.type] ?? attribute.type}=${attribute.value.toString()}`))
    .join(', ');
}

/** DER of a Name as this library writes it: equal for equal names, whatever the source. */
export function nameKey(name: Name): string {
  // Names come from parsed certificates and CRLs that are themselves cached: each is serialized once.
  let key = nameKeys.get(name);
  if (key === undefined) {
    key = Buffer.from(AsnConvert.serialize(name)).toString('hex');
    nameKeys.set(name, key);
  }
  return key;
}
const nameKeys = new WeakMap<Name, string>();

/** The certificate's subject and issuer Names, parsed once per DER. */
const parsedCertificates = new Map<string, Certificate>();
const CACHE_LIMIT = 256;

export function asn1Certificate(der: Buffer): Certificate {
  const key = der.toString('base64');
  let certificate = parsedCertificates.get(key);
  if (!certificate) {
    certificate = AsnConvert.parse(der, Certificate);
    if (parsedCertificates.size >= CACHE_LIMIT) parsedCertificates.delete(parsedCertificates.keys().next().value as string);
    parsedCertificates.set(key, certificate);
  }
  return certificate;
}

/** INTEGER bytes → upper-case hex without leading zeros, the way serials are compared here. */
export function serialKey(bytes: ArrayBuffer | Buffer | string): string {
  const hex = typeof bytes === 'string' ? bytes : Buffer.from(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes).toString('hex');
  return hex.toUpperCase().replace(/^0+(?=.)/, '');
}

/** RFC 5280 §5.3.1 reason codes, as the reason's params name them. */
export type RevocationReasonName =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold'
  | 'removeFromCRL'
  | 'privilegeWithdrawn'
  | 'aACompromise';

export function reasonName(code: CRLReasons | undefined): RevocationReasonName {
  const name = code === undefined ? undefined : CRLReasons[code];
  return (name as RevocationReasonName | undefined) ?? 'unspecified';
}
