/**
 * A small PKI made with the `openssl` binary for the `verify` tests: every
 * extension is written out (no openssl.cnf defaults), so each edge case is
 * exactly the one named, and `openssl verify` can judge the same files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface VerifyCert {
  name: string;
  certPath: string;
  keyPath: string;
  pem: string;
}

export interface IssueOptions {
  /** Extension lines for the [v3] section; none at all makes a v1 certificate. */
  extensions: string[];
  issuer?: VerifyCert;
  subject?: string;
  key?: 'ec' | 'rsa2048' | 'rsa1024';
  digest?: 'sha256' | 'sha1';
  days?: number;
  /** openssl -set_serial value; default a fresh small one. */
  serial?: string;
}

export const CA = [
  'basicConstraints=critical,CA:TRUE',
  'keyUsage=critical,keyCertSign,cRLSign',
  'subjectKeyIdentifier=hash',
  'authorityKeyIdentifier=keyid',
];
export const ROOT = CA.filter((line) => !line.startsWith('authorityKeyIdentifier'));

export function leafExtensions(host: string, overrides: Record<string, string | null> = {}): string[] {
  const base: Record<string, string | null> = {
    basicConstraints: 'critical,CA:FALSE',
    keyUsage: 'critical,digitalSignature,keyEncipherment',
    extendedKeyUsage: 'serverAuth',
    subjectAltName: `DNS:${host}`,
    subjectKeyIdentifier: 'hash',
    authorityKeyIdentifier: 'keyid',
    ...overrides,
  };
  return Object.entries(base)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([key, value]) => `${key}=${value}`);
}

export class VerifyPki {
  readonly dir = mkdtempSync(join(tmpdir(), 'thincert-verify-'));
  private serial = 0x1000;

  path(name: string): string {
    return join(this.dir, name);
  }

  write(name: string, text: string | Buffer): string {
    writeFileSync(this.path(name), text);
    return this.path(name);
  }

  private run(args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  private key(name: string, spec: IssueOptions['key']): string {
    const path = `${name}.key`;
    if (spec === 'rsa2048' || spec === 'rsa1024') {
      this.run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${spec.slice(3)}`, '-out', path]);
    } else this.run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);
    return this.path(path);
  }

  issue(name: string, options: IssueOptions): VerifyCert {
    const keyPath = this.key(name, options.key);
    const certPath = this.path(`${name}.pem`);
    const subject = options.subject ?? `/CN=${name}`;
    const digest = `-${options.digest ?? 'sha256'}`;
    const days = String(options.days ?? 365);
    const serial = options.serial ?? `0x${(++this.serial).toString(16)}`;
    const section = `[v3]\n${options.extensions.join('\n')}\n`;
    if (options.issuer === undefined) {
      const config = this.write(`${name}.cnf`, `[req]\ndistinguished_name=dn\nprompt=no\n[dn]\n${section}`);
      const extensions = options.extensions.length > 0 ? ['-extensions', 'v3'] : [];
      this.run(['req', '-x509', '-new', '-config', config, '-key', keyPath, '-subj', subject, '-days', days, digest, '-set_serial', serial, ...extensions, '-out', certPath]);
    } else {
      this.run(['req', '-new', '-config', this.write(`${name}.req.cnf`, '[req]\ndistinguished_name=dn\nprompt=no\n[dn]\n'), '-key', keyPath, '-subj', subject, '-out', `${name}.csr`]);
      const extensions = options.extensions.length > 0 ? ['-extfile', this.write(`${name}.ext`, section), '-extensions', 'v3'] : [];
      this.run([
        'x509', '-req', '-in', `${name}.csr`, '-CA', options.issuer.certPath, '-CAkey', options.issuer.keyPath,
        '-days', days, digest, '-set_serial', serial, ...extensions, '-out', certPath,
      ]);
    }
    return { name, certPath, keyPath, pem: readFileSync(certPath, 'utf8') };
  }

  /** `openssl verify -x509_strict -purpose sslserver` as issue 16 names it: true when it says OK. */
  opensslVerify(leaf: VerifyCert, intermediates: readonly VerifyCert[], root: VerifyCert, host: string | null, atEpoch?: number): boolean {
    const untrusted = intermediates.length > 0 ? ['-untrusted', this.write(`untrusted-${leaf.name}.pem`, intermediates.map((c) => c.pem).join(''))] : [];
    const name = host === null ? [] : /^[\d.]+$/.test(host) ? ['-verify_ip', host] : ['-verify_hostname', host];
    const at = atEpoch === undefined ? [] : ['-attime', String(atEpoch)];
    const result = spawnSync('openssl', ['verify', '-x509_strict', '-purpose', 'sslserver', ...name, ...at, '-CAfile', root.certPath, ...untrusted, leaf.certPath], {
      cwd: this.dir,
      encoding: 'utf8',
    });
    return result.status === 0 && /: OK\s*$/.test(result.stdout);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
