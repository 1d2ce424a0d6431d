/**
 * Certificates made the way an administrator makes them (`openssl req -x509`)
 * in a temp folder, for the specs that add them through the UI.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface MadeCertificate {
  commonName: string;
  pem: string;
  path: string;
  /** "AB:CD:…", as main shows it. */
  fingerprint: string;
}

export class CertMaker {
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'thincert-e2e-certs-'));

  /** A self-signed EC P-256 certificate (fast to make), valid for `days` from yesterday. */
  selfSigned(commonName: string, options: { days?: number; ca?: boolean } = {}): MadeCertificate {
    const stem = path.join(this.dir, commonName.replace(/[^\w.-]/g, '_'));
    const ext = options.ca ? 'basicConstraints=critical,CA:TRUE' : 'basicConstraints=critical,CA:FALSE';
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', `${stem}.key`, '-out', `${stem}.pem`, '-days', String(options.days ?? 365),
      '-subj', `/CN=${commonName}/O=ThinCert E2E`, '-addext', `subjectAltName=DNS:${commonName}`, '-addext', ext,
    ], { stdio: 'pipe' });
    const pem = readFileSync(`${stem}.pem`, 'utf8');
    return { commonName, pem, path: `${stem}.pem`, fingerprint: new X509Certificate(pem).fingerprint256 };
  }

  /** Puts a certificate on the fake removable media under `name`. */
  static onMedia(cert: MadeCertificate, mediaDir: string, name: string): string {
    const target = path.join(mediaDir, name);
    copyFileSync(cert.path, target);
    return target;
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
