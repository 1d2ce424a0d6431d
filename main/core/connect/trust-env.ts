/**
 * The environment that makes common TLS stacks trust exactly one purpose's
 * certificates and nothing of the system store: OpenSSL (SSL_CERT_FILE and
 * SSL_CERT_DIR replace its default locations), curl (CURL_CA_BUNDLE for the
 * file; its CA path is compiled in as /etc/ssl/certs and only a .curlrc
 * replaces it, hence CURL_HOME), Python requests, git (both of libcurl's).
 */
import type { Purpose } from '../../../app/purposes';
import type { Certificate } from '../../../app/schemas';
import { bundlePath } from '../store/layout';
import { curlHomePath, hashedDirPath } from '../store/hashed-dir';
import type { StoredCertificate } from '../store/types';
import { currentIdentityFiles } from '../identity/files';

export function trustEnvironment(dataDir: string, purpose: Purpose): Record<string, string> {
  const file = bundlePath(dataDir, purpose);
  const dir = hashedDirPath(dataDir, purpose);
  return {
    SSL_CERT_FILE: file,
    SSL_CERT_DIR: dir,
    CURL_CA_BUNDLE: file,
    CURL_HOME: curlHomePath(dataDir, purpose),
    REQUESTS_CA_BUNDLE: file,
    GIT_SSL_CAINFO: file,
    GIT_SSL_CAPATH: dir,
  };
}

/** Issue 17: where a program finds this device's certificate and key (PEM), for a server that asks for a client certificate. */
export const CLIENT_CERT_VARIABLE = 'THINCERT_CLIENT_CERT';
export const CLIENT_KEY_VARIABLE = 'THINCERT_CLIENT_KEY';

/**
 * The identity's stable paths (they survive a renewal: the files behind them
 * are swapped), only while the device has a valid identity; absent otherwise,
 * so a program never presents an expired or half-written one.
 */
export async function identityEnvironment(dataDir: string, now: Date): Promise<Record<string, string>> {
  const files = await currentIdentityFiles(dataDir, now);
  return files === null ? {} : { [CLIENT_CERT_VARIABLE]: files.certPath, [CLIENT_KEY_VARIABLE]: files.keyPath };
}

/**
 * A pinned leaf that is not self-signed is trusted by ThinCert's own checks
 * but cannot be a trust anchor in a CA file: OpenSSL and GnuTLS look for its
 * issuer and fail. Those are named to the person who hands the files out.
 */
export function unexpressiblePins(members: readonly StoredCertificate[]): Pick<Certificate, 'fingerprint' | 'subject'>[] {
  return members
    .filter((c) => !c.details.isCA && !c.details.selfSigned)
    .map((c) => ({ fingerprint: c.fingerprint, subject: c.details.subject }));
}
