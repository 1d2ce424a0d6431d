/**
 * A test PKI made with the `openssl` binary at test time, in a temp folder:
 * roots, intermediates and leaves with the dates, names, keys and extensions
 * the trust rules must tell apart. `openssl ca` signs everything because it is
 * the one OpenSSL 3.0 tool that takes explicit -startdate/-enddate (x509
 * -not_before/-not_after only exist from OpenSSL 3.4), which the expired and
 * not-yet-valid cases need.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openssl } from './openssl-cli';

export type KeySpec = 'rsa2048' | 'rsa1024' | 'ec256' | 'ed25519';

export interface PkiCert {
  name: string;
  subject: string;
  certPath: string;
  keyPath: string;
  pem: string;
  der: Buffer;
  x509: X509Certificate;
}

export interface IssueOptions {
  /** File-name stem, unique within the PKI. */
  name: string;
  commonName: string;
  key: KeySpec;
  /** The signing CA; omitted = self-signed. */
  issuer?: PkiCert;
  ca?: { pathLen?: number; permittedDns?: string[] };
  /** "DNS:a.test", "IP:127.0.0.1". */
  subjectAltNames?: string[];
  /** OpenSSL short names; omitted = serverAuth for leaves, none for CAs. */
  extKeyUsage?: string[] | null;
  notBefore?: Date;
  notAfter?: Date;
  /** Further `openssl x509v3_config` lines, e.g. authorityInfoAccess or crlDistributionPoints (issue 16). */
  extraExtensions?: string[];
}

const DAY_MS = 86_400_000;

export function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * DAY_MS);
}

/** GeneralizedTime as `openssl ca -startdate` takes it. */
function asn1Time(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

const CA_CONFIG = `
[ca]
default_ca = thincert_test
[thincert_test]
database = index.txt
# Serials come from -rand_serial; OpenSSL 3.0 still requires the variable.
serial = serial.txt
new_certs_dir = issued
policy = policy_any
unique_subject = no
copy_extensions = none
[policy_any]
commonName = supplied
organizationName = optional
`;

export class Pki {
  readonly dir: string;
  private readonly sharedKeys = new Map<KeySpec, string>();

  constructor(dir: string = mkdtempSync(join(tmpdir(), 'thincert-pki-'))) {
    this.dir = dir;
    writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial.txt'), '01\n');
    // openssl ca copies every certificate it signs into new_certs_dir, which must exist.
    mkdirSync(join(dir, 'issued'), { recursive: true });
  }

  /** A fresh key of this kind; leaves share one per kind (their keys are not what is under test). */
  private keyFor(spec: KeySpec, name: string, shared: boolean): string {
    const cached = shared ? this.sharedKeys.get(spec) : undefined;
    if (cached) return cached;
    const path = join(this.dir, shared ? `shared-${spec}.key` : `${name}.key`);
    const algorithm: Record<KeySpec, string[]> = {
      rsa2048: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
      rsa1024: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024'],
      ec256: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
      ed25519: ['-algorithm', 'ED25519'],
    };
    openssl(['genpkey', ...algorithm[spec], '-out', path]);
    if (shared) this.sharedKeys.set(spec, path);
    return path;
  }

  issue(options: IssueOptions): PkiCert {
    const isCA = options.ca !== undefined;
    const keyPath = this.keyFor(options.key, options.name, !isCA);
    const csrPath = join(this.dir, `${options.name}.csr`);
    const extPath = join(this.dir, `${options.name}.ext`);
    const certPath = join(this.dir, `${options.name}.pem`);
    const subject = `/CN=${options.commonName}/O=ThinCert Test`;
    openssl(['req', '-new', '-key', keyPath, '-subj', subject, '-out', csrPath]);
    writeFileSync(extPath, extensions(options, isCA));
    const notBefore = options.notBefore ?? daysFromNow(-1);
    const notAfter = options.notAfter ?? daysFromNow(isCA ? 3650 : 365);
    const signer = options.issuer
      ? ['-cert', options.issuer.certPath, '-keyfile', options.issuer.keyPath]
      : ['-selfsign', '-keyfile', keyPath];
    openssl(
      [
        'ca', '-batch', '-config', 'ca.cnf', '-notext', '-rand_serial', '-preserveDN',
        // Ed25519 signs without a separate digest (RFC 8410 §6).
        ...(signerIsEd25519(options) ? [] : ['-md', 'sha256']),
        '-startdate', asn1Time(notBefore), '-enddate', asn1Time(notAfter),
        '-extfile', extPath, '-extensions', 'v3',
        ...signer, '-in', csrPath, '-out', certPath,
      ],
      { cwd: this.dir },
    );
    const pem = readFileSync(certPath, 'utf8');
    const x509 = new X509Certificate(pem);
    return { name: options.name, subject: x509.subject, certPath, keyPath, pem, der: x509.raw, x509 };
  }

  /** Writes certificates into one PEM file (a server's chain file or a CA bundle). */
  bundle(name: string, certs: PkiCert[]): string {
    const path = join(this.dir, `${name}.bundle.pem`);
    writeFileSync(path, certs.map((c) => c.pem).join(''));
    return path;
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function signerIsEd25519(options: IssueOptions): boolean {
  return options.issuer === undefined && options.key === 'ed25519';
}

function extensions(options: IssueOptions, isCA: boolean): string {
  const lines = ['[v3]', 'subjectKeyIdentifier = hash'];
  if (options.issuer) lines.push('authorityKeyIdentifier = keyid');
  if (isCA) {
    const pathLen = options.ca?.pathLen;
    lines.push(`basicConstraints = critical, CA:TRUE${pathLen === undefined ? '' : `, pathlen:${pathLen}`}`);
    lines.push('keyUsage = critical, keyCertSign, cRLSign');
    const permitted = options.ca?.permittedDns ?? [];
    if (permitted.length > 0) {
      lines.push(`nameConstraints = critical, ${permitted.map((d) => `permitted;DNS:${d}`).join(', ')}`);
    }
  } else {
    lines.push('basicConstraints = critical, CA:FALSE');
    lines.push(
      options.key.startsWith('rsa')
        ? 'keyUsage = critical, digitalSignature, keyEncipherment'
        : 'keyUsage = critical, digitalSignature',
    );
  }
  if (options.subjectAltNames && options.subjectAltNames.length > 0) {
    lines.push(`subjectAltName = ${options.subjectAltNames.join(', ')}`);
  }
  const eku = options.extKeyUsage === undefined ? (isCA ? null : ['serverAuth']) : options.extKeyUsage;
  if (eku && eku.length > 0) lines.push(`extendedKeyUsage = ${eku.join(', ')}`);
  lines.push(...(options.extraExtensions ?? []));
  return `${lines.join('\n')}\n`;
}
