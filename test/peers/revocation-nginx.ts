/**
 * nginx for the revocation tests: one TLS server per leaf on its own
 * 127.0.0.1 port (some stapling a prepared OCSP response with
 * `ssl_stapling_file`), and one plain-HTTP server on a port fixed in advance
 * (the certificates' CRL distribution points name it) serving CRL files.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './ports';
import { spawnPeer } from './process';

export interface RevocationSite {
  name: string;
  /** Leaf first, then its CA: nginx needs the issuer to staple. */
  chainPath: string;
  keyPath: string;
  staplingFile?: string;
}

export interface RevocationNginx {
  ports: Record<string, number>;
  stop(): Promise<void>;
}

export async function startRevocationNginx(sites: RevocationSite[], http: { port: number; root: string }): Promise<RevocationNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'thincert-rev-nginx-'));
  const portList = await freePorts(sites.length);
  const ports: Record<string, number> = {};
  sites.forEach((site, i) => (ports[site.name] = portList[i] ?? 0));
  const temp = join(dir, 'temp');
  mkdirSync(temp);
  const servers = sites.map(
    (site) => `
  server {
    listen 127.0.0.1:${ports[site.name] ?? 0} ssl;
    ssl_certificate ${site.chainPath};
    ssl_certificate_key ${site.keyPath};
    ssl_protocols TLSv1.2 TLSv1.3;
    ${site.staplingFile ? `ssl_stapling on; ssl_stapling_file ${site.staplingFile};` : ''}
    location / { return 200 "${site.name}\\n"; }
  }`,
  );
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `
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
  types { application/pkix-crl crl; }
${servers.join('\n')}
  server {
    listen 127.0.0.1:${http.port};
    root ${http.root};
    location / { }
  }
}
`,
  );
  try {
    const peer = await spawnPeer({
      binary: '/usr/sbin/nginx',
      args: ['-p', dir, '-c', conf, '-e', join(dir, 'error.log'), '-g', 'daemon off;'],
      aptPackage: 'nginx-light',
      ports: [...portList, http.port],
      logFiles: [join(dir, 'error.log')],
    });
    return {
      ports,
      stop: async () => {
        await peer.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
