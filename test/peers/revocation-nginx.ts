/**
 * nginx for the revocation tests: one TLS server per leaf on its own
 * 127.0.0.1 port (some stapling a prepared OCSP response with
 * `ssl_stapling_file`), and one plain-HTTP server on a port fixed in advance
 * (the certificates' CRL distribution points name it) serving CRL files.
 */
import { startNginx, type NginxPeer, type NginxSite } from './nginx';

export type RevocationSite = NginxSite;
export type RevocationNginx = Pick<NginxPeer, 'ports' | 'stop'>;

export function startRevocationNginx(sites: RevocationSite[], http: { port: number; root: string }): Promise<RevocationNginx> {
  return startNginx(sites, { files: http });
}
