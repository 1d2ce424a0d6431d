/**
 * Real certificates, keys and containers made by the `openssl` command at test
 * time, so tests never depend on hand-edited fixtures that could drift from
 * what OpenSSL (and so the TLS code) actually produces.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type KeySpec =
  | 'rsa:1024'
  | 'rsa:2048'
  | 'rsa:4096'
  | 'ec:P-256'
  | 'ec:P-384'
  | 'ec:P-521'
  | 'ec:secp256k1'
  | 'ed25519'
  | 'ed448'
  | 'dsa:2048';

export interface CertOptions {
  subject: string;
  key?: KeySpec;
  /** Digest option for openssl (sha256 by default; none for EdDSA). */
  digest?: 'sha1' | 'md5' | 'sha256' | 'sha384';
  /** Signs with this CA; self-signed when absent. */
  issuer?: IssuedCertificate;
  extensions?: string[];
  serial?: string;
}

export interface IssuedCertificate {
  name: string;
  certPath: string;
  keyPath: string;
  pem: Buffer;
  der: Buffer;
}

export class OpenSsl {
  readonly dir = mkdtempSync(join(tmpdir(), 'thincert-certs-'));
  private counter = 0;

  run(args: string[], input?: string): Buffer {
    return execFileSync('openssl', args, { cwd: this.dir, input, stdio: ['pipe', 'pipe', 'pipe'] });
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  read(name: string): Buffer {
    return readFileSync(this.path(name));
  }

  write(name: string, data: string | Buffer): string {
    writeFileSync(this.path(name), data);
    return this.path(name);
  }

  key(spec: KeySpec, name = `key${++this.counter}.pem`): string {
    const [algorithm, parameter] = spec.split(':') as [string, string | undefined];
    const args = ['genpkey', '-out', name];
    if (algorithm === 'rsa') args.push('-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${parameter}`);
    else if (algorithm === 'ec') args.push('-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${parameter}`);
    else if (algorithm === 'dsa') {
      this.run(['genpkey', '-genparam', '-algorithm', 'DSA', '-pkeyopt', `dsa_paramgen_bits:${parameter}`, '-out', `${name}.params`]);
      args.push('-paramfile', `${name}.params`);
    } else args.push('-algorithm', algorithm.toUpperCase());
    this.run(args);
    return this.path(name);
  }

  certificate(name: string, options: CertOptions): IssuedCertificate {
    const spec = options.key ?? 'ec:P-256';
    const keyPath = this.key(spec, `${name}.key`);
    const certPath = this.path(`${name}.pem`);
    const digest = spec.startsWith('ed') ? [] : [`-${options.digest ?? 'sha256'}`];
    const serial = ['-set_serial', options.serial ?? `0x${(0x1000 + ++this.counter).toString(16)}5A`];
    const extensions = options.extensions ?? [];
    if (options.issuer === undefined) {
      const addext = extensions.flatMap((extension) => ['-addext', extension]);
      this.run(['req', '-x509', '-new', '-key', keyPath, '-subj', options.subject, '-days', '365', ...digest, ...serial, ...addext, '-out', certPath]);
    } else {
      const csr = `${name}.csr`;
      this.run(['req', '-new', '-key', keyPath, '-subj', options.subject, '-out', csr]);
      const extfile = this.write(`${name}.ext`, `[v3]\n${extensions.join('\n')}\n`);
      this.run([
        'x509', '-req', '-in', csr, '-CA', options.issuer.certPath, '-CAkey', options.issuer.keyPath,
        '-days', '365', ...digest, ...serial, '-extfile', extfile, '-extensions', 'v3', '-out', certPath,
      ]);
    }
    const pem = readFileSync(certPath);
    const der = this.run(['x509', '-in', certPath, '-outform', 'DER']);
    return { name, certPath, keyPath, pem, der };
  }

  /** What `openssl x509` says about a certificate, to compare with ours. */
  describe(certPath: string): OpenSslView {
    const out = this.run([
      'x509', '-in', certPath, '-noout', '-fingerprint', '-sha256', '-serial', '-subject', '-issuer', '-dates',
      '-nameopt', 'RFC2253,sep_comma_plus_space',
    ]).toString('utf8');
    const field = (key: string): string => {
      const line = out.split('\n').find((candidate) => candidate.startsWith(`${key}=`));
      if (line === undefined) throw new Error(`openssl printed no ${key}`);
      return line.slice(key.length + 1).trim();
    };
    const text = this.run(['x509', '-in', certPath, '-noout', '-text']).toString('utf8');
    const signature = /Signature Algorithm: (\S+)/.exec(text)?.[1] ?? '';
    return {
      fingerprint: field('sha256 Fingerprint'),
      serial: field('serial'),
      subject: field('subject'),
      issuer: field('issuer'),
      notBefore: isoOf(field('notBefore')),
      notAfter: isoOf(field('notAfter')),
      signatureAlgorithm: signature,
      sha1: this.run(['x509', '-in', certPath, '-noout', '-fingerprint', '-sha1']).toString('utf8').trim().split('=')[1] ?? '',
    };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface OpenSslView {
  fingerprint: string;
  sha1: string;
  serial: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  signatureAlgorithm: string;
}

/** "Nov 25 04:24:36 2026 GMT" → "2026-11-25T04:24:36Z". */
function isoOf(openSslDate: string): string {
  return new Date(openSslDate).toISOString().replace('.000Z', 'Z');
}

export const CA_EXTENSIONS = ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'];
