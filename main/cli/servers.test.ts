/**
 * `thincert check` and `thincert fetch` against real servers on 127.0.0.1:
 * nginx for TLS and xrdp for RDP, with the shared test PKI.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestPki, validSite, type TestPki } from '../../test/peers/test-pki';
import { startNginx, type NginxPeer } from '../../test/peers/nginx';
import { startXrdp, type XrdpPeer } from '../../test/peers/xrdp';
import { closedPort } from '../../test/peers/tcp';
import { thincert } from './test-support/capture';

let pki: TestPki;
let nginx: NginxPeer;
let xrdp: XrdpPeer;
let dataDir: string;

beforeAll(async () => {
  pki = createTestPki();
  nginx = await startNginx([
    validSite(pki),
    { name: 'self-signed', chainPath: pki.selfSigned.certPath, keyPath: pki.selfSigned.keyPath },
  ]);
  xrdp = await startXrdp({ securityLayer: 'negotiate', certificatePath: pki.rdpRsa.certPath, keyPath: pki.rdpRsa.keyPath });
}, 60_000);

afterAll(async () => {
  await nginx?.stop();
  await xrdp?.stop();
  pki?.cleanup();
});

beforeEach(() => {
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-cli-check-')), 'data');
});

describe('thincert check', () => {
  it('trusts a server whose chain reaches a stored root (exit 0) and says so in JSON', async () => {
    await thincert(dataDir, ['add', 'broker', pki.rootRsa.certPath]);
    const run = await thincert(dataDir, ['check', 'broker', `valid.test:${nginx.ports.valid}`, '--connect-to', '127.0.0.1', '--json']);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { trusted: boolean; by: string; port: number; chain: { subject: string }[]; protocol: string };
    expect(result).toMatchObject({ trusted: true, by: 'anchor', port: nginx.ports.valid, protocol: 'TLSv1.3' });
    expect(result.chain[0]?.subject).toContain('valid.test');
  });

  it('exits 3 with the reasons when the server answered but is not trusted', async () => {
    await thincert(dataDir, ['add', 'broker', pki.rootRsa.certPath]);
    const run = await thincert(dataDir, ['check', 'broker', `wrong.test:${nginx.ports.valid}`, '--connect-to', '127.0.0.1']);
    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(/NOT TRUSTED/);
    expect(run.stdout).toMatch(/wrong\.test/);
  });

  it('exits 1 when the server cannot be reached, saying why', async () => {
    const { port } = await closedPort();
    const run = await thincert(dataDir, ['check', 'broker', `127.0.0.1:${port}`, '--json']);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ trusted: false, reasons: [{ code: 'connection-refused' }], chain: [] });
  });

  it('refuses a malformed HOST:PORT as a usage error', async () => {
    expect((await thincert(dataDir, ['check', 'broker', 'host:99999'])).status).toBe(2);
    expect((await thincert(dataDir, ['check', 'broker', 'a b'])).status).toBe(2);
  });
});

describe('thincert fetch', () => {
  it('pins a TLS server only with the right fingerprint; check is then trusted by pin', async () => {
    const target = `self.test:${nginx.ports['self-signed']}`;
    const wrong = await thincert(dataDir, ['fetch', 'broker', target, '--connect-to', '127.0.0.1', '--accept-fingerprint', 'AB'.repeat(32)]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/does not match/);
    expect(JSON.parse((await thincert(dataDir, ['list', '--json'])).stdout)).toEqual({ certificates: [] });

    const noTerminal = await thincert(dataDir, ['fetch', 'broker', target, '--connect-to', '127.0.0.1']);
    expect(noTerminal.status).toBe(1);
    expect(noTerminal.stderr).toMatch(/--accept-fingerprint/);

    const fp = pki.selfSigned.x509.fingerprint256;
    const right = await thincert(dataDir, ['fetch', 'broker', target, '--connect-to', '127.0.0.1', '--accept-fingerprint', fp]);
    expect(right.status).toBe(0);
    expect(right.stdout).toMatch(/pinned/);
  });

  it('pins an xrdp server over RDP negotiation, and a following check is trusted', async () => {
    const target = `rdp.test:${xrdp.port}`;
    const fp = pki.rdpRsa.x509.fingerprint256;
    const fetched = await thincert(dataDir, ['fetch', 'rdp', target, '--connect-to', '127.0.0.1', '--accept-fingerprint', fp.replace(/:/g, '').toLowerCase()]);
    expect(fetched.stderr).toContain(fp);
    expect(fetched.status).toBe(0);
    const check = await thincert(dataDir, ['check', 'rdp', target, '--connect-to', '127.0.0.1', '--json']);
    expect(check.status).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ trusted: true, by: 'pinned-leaf' });
  });

  it('the terminal prompt pins on yes and not on no', async () => {
    const target = `self.test:${nginx.ports['self-signed']}`;
    expect((await thincert(dataDir, ['fetch', 'broker', target, '--connect-to', '127.0.0.1'], { confirm: false })).status).toBe(1);
    expect((await thincert(dataDir, ['fetch', 'broker', target, '--connect-to', '127.0.0.1'], { confirm: true })).status).toBe(0);
  });
});
