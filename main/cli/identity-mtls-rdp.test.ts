/**
 * Issue 17: `thincert connect rdp` passes nothing of this device's
 * certificate to FreeRDP, even when its caller had the paths (a script run
 * through `thincert exec`). A real xrdp on 127.0.0.1 is judged first; the
 * FreeRDP started is a stand-in (THINCERT_FREERDP) that records its environment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestPki, type TestPki } from '../../test/peers/test-pki';
import { startXrdp, type XrdpPeer } from '../../test/peers/xrdp';
import { openssl } from '../../test/peers/openssl-cli';
import { thincert } from './test-support/capture';

let pki: TestPki;
let xrdp: XrdpPeer;

beforeAll(async () => {
  pki = createTestPki();
  xrdp = await startXrdp({ securityLayer: 'negotiate', certificatePath: pki.rdpRsa.certPath, keyPath: pki.rdpRsa.keyPath });
}, 60_000);

afterAll(async () => {
  await xrdp?.stop();
  pki?.cleanup();
});

describe('connect rdp and the device identity', () => {
  it('hands FreeRDP none of THINCERT_CLIENT_CERT/KEY, though the device has an identity and the caller exported it', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'thincert-identity-rdp-'));
    const dataDir = path.join(work, 'data');
    const ok = async (args: string[], env?: NodeJS.ProcessEnv) => {
      const run = await thincert(dataDir, args, env ? { env } : {});
      expect(run, args.join(' ')).toMatchObject({ status: 0 });
      return run.stdout;
    };
    const device = pki.pki.issue({ name: 'rdp-device', commonName: 'tc-rdp-1', key: 'rsa2048', extKeyUsage: ['clientAuth'] });
    const p12 = path.join(work, 'device.p12');
    const password = path.join(work, 'password');
    writeFileSync(password, 'pw\n');
    openssl(['pkcs12', '-export', '-inkey', device.keyPath, '-in', device.certPath, '-passout', `file:${password}`, '-out', p12]);
    await ok(['identity', 'import', p12, '--password-file', password]);
    await ok(['add', 'rdp', pki.rootRsa.certPath]);
    await ok(['add', 'rdp', pki.intermediate.certPath]);
    // What a script run through `thincert exec rdp` has in its environment.
    const exported = (JSON.parse(await ok(['env', 'rdp', '--json'])) as { variables: Record<string, string> }).variables;
    expect(exported.THINCERT_CLIENT_CERT).toBeDefined();

    const freeRdp = path.join(work, 'fake-freerdp');
    const marker = path.join(work, 'freerdp-env');
    writeFileSync(freeRdp, `#!/bin/sh\nenv > '${marker}'\nexit 0\n`);
    chmodSync(freeRdp, 0o755);
    await ok(['connect', 'rdp', `rdp.test:${xrdp.port}`, '--connect-to', '127.0.0.1'], {
      PATH: process.env.PATH,
      DISPLAY: ':0',
      HOME: work,
      THINCERT_FREERDP: freeRdp,
      THINCERT_CLIENT_CERT: exported.THINCERT_CLIENT_CERT,
      THINCERT_CLIENT_KEY: exported.THINCERT_CLIENT_KEY,
    });
    const seen = readFileSync(marker, 'utf8');
    expect(seen).toContain('SSL_CERT_FILE=/dev/null'); // the environment FreeRDP really got
    expect(seen).not.toMatch(/THINCERT_CLIENT_/);
  });
});
