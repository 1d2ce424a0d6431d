/**
 * nginx with one TLS `server` per test case, each on its own 127.0.0.1 port,
 * started once per test file (one process, one config) and stopped after it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './ports';
import { spawnPeer } from './process';

export interface NginxSite {
  name: string;
  /** PEM file with the leaf first, then whatever chain the case sends. */
  chainPath: string;
  keyPath: string;
  /**
   * Debian's OpenSSL runs at security level 2, which refuses to load an RSA
   * 1024 key at all; the weak-key case lowers it for its own server only.
   */
  allowWeakKey?: boolean;
  /** An OCSP response (DER) to staple (`ssl_stapling_file`); the chain must then hold the issuer. */
  staplingFile?: string;
  /**
   * Issue 17: only clients with a certificate issued under this CA file are
   * served (`ssl_verify_client on`; without one nginx answers 400), and the
   * answer names the serial of the certificate the client presented.
   */
  clientCaPath?: string;
}

export interface NginxOptions {
  /**
   * A plain-HTTP server on a port fixed in advance serving the files of
   * `root` (the revocation tests' CRL distribution points name that port).
   */
  files?: { port: number; root: string };
}

export interface NginxPeer {
  /** The first site's port (for single-site use). */
  port: number;
  ports: Record<string, number>;
  stop(): Promise<void>;
}

const NGINX = '/usr/sbin/nginx';

export async function startNginx(sites: NginxSite[], options: NginxOptions = {}): Promise<NginxPeer> {
  const dir = mkdtempSync(join(tmpdir(), 'thincert-nginx-'));
  // Two attempts: a port from freePorts can be taken by someone else before nginx binds it.
  for (let attempt = 1; ; attempt += 1) {
    const portList = await freePorts(sites.length);
    const ports: Record<string, number> = {};
    sites.forEach((site, i) => (ports[site.name] = portList[i] ?? 0));
    const conf = join(dir, 'nginx.conf');
    writeFileSync(conf, config(dir, sites, ports, options));
    try {
      const peer = await spawnPeer({
        binary: NGINX,
        // -e: Debian's build opens /var/log/nginx/error.log before reading the config otherwise.
        args: ['-p', dir, '-c', conf, '-e', join(dir, 'error.log'), '-g', 'daemon off;'],
        aptPackage: 'nginx-light',
        ports: options.files ? [...portList, options.files.port] : portList,
        logFiles: [join(dir, 'error.log')],
      });
      return {
        port: portList[0] ?? 0,
        ports,
        stop: async () => {
          await peer.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      if (attempt >= 2 || !String(error).includes('Address already in use')) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

function config(dir: string, sites: NginxSite[], ports: Record<string, number>, options: NginxOptions): string {
  const temp = join(dir, 'temp');
  mkdirSync(temp, { recursive: true });
  const servers = sites
    .map(
      (site) => `
  server {
    listen 127.0.0.1:${ports[site.name] ?? 0} ssl;
    ssl_certificate ${site.chainPath};
    ssl_certificate_key ${site.keyPath};
    ssl_protocols TLSv1.2 TLSv1.3;
    ${site.allowWeakKey ? 'ssl_ciphers DEFAULT:@SECLEVEL=0;' : ''}
    ${site.staplingFile ? `ssl_stapling on; ssl_stapling_file ${site.staplingFile};` : ''}
    ${site.clientCaPath ? `ssl_client_certificate ${site.clientCaPath}; ssl_verify_client on;` : ''}
    location / { return 200 "${site.name}${site.clientCaPath ? ' $ssl_client_serial' : ''}\\n"; }
  }`,
    )
    .join('\n');
  return `
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 128; }
http {
  access_log off;
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
${servers}
${
  options.files
    ? `  types { application/pkix-crl crl; }
  server {
    listen 127.0.0.1:${options.files.port};
    root ${options.files.root};
    location / { }
  }`
    : ''
}
}
`;
}
