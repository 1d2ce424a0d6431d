/**
 * Real TLS servers for the UI specs: a small test PKI (test/peers/pki.ts) and
 * one nginx per spec file with a site per case, all on 127.0.0.1.
 */
import { startNginx, type NginxPeer } from '../../test/peers/nginx';
import { Pki, type PkiCert } from '../../test/peers/pki';

export interface UiPeers {
  /** The root that issued the `anchored` site's chain; stored as a CA it makes that site trusted by name. */
  root: PkiCert;
  /** Leaf for IP 127.0.0.1 issued by an intermediate under `root`. */
  anchoredLeaf: PkiCert;
  selfSigned: PkiCert;
  ports: { anchored: number; selfSigned: number };
  stop(): Promise<void>;
}

export async function startUiPeers(): Promise<UiPeers> {
  const pki = new Pki();
  const root = pki.issue({ name: 'ui-root', commonName: 'ThinCert UI Test Root', key: 'ec256', ca: {} });
  const intermediate = pki.issue({ name: 'ui-intermediate', commonName: 'ThinCert UI Test Intermediate', key: 'ec256', issuer: root, ca: { pathLen: 0 } });
  const anchoredLeaf = pki.issue({ name: 'ui-anchored', commonName: '127.0.0.1', key: 'ec256', issuer: intermediate, subjectAltNames: ['IP:127.0.0.1'] });
  const selfSigned = pki.issue({ name: 'ui-self-signed', commonName: 'kiosk-self.test', key: 'ec256', subjectAltNames: ['DNS:kiosk-self.test'] });
  let nginx: NginxPeer;
  try {
    nginx = await startNginx([
      { name: 'anchored', chainPath: pki.bundle('anchored', [anchoredLeaf, intermediate]), keyPath: anchoredLeaf.keyPath },
      { name: 'selfSigned', chainPath: pki.bundle('self-signed', [selfSigned]), keyPath: selfSigned.keyPath },
    ]);
  } catch (error) {
    pki.cleanup();
    throw error;
  }
  return {
    root,
    anchoredLeaf,
    selfSigned,
    ports: { anchored: nginx.ports.anchored ?? 0, selfSigned: nginx.ports.selfSigned ?? 0 },
    stop: async () => {
      await nginx.stop();
      pki.cleanup();
    },
  };
}
