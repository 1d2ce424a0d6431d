/**
 * `thincert fetch` with the fingerprint of a CA the server presented adds that
 * CA as an anchor, as the UI's chain choice does (issue 13); the leaf's still
 * pins. Against a real nginx on 127.0.0.1.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../test/peers/test-pki';
import { startNginx, type NginxPeer } from '../../test/peers/nginx';
import { thincert } from './test-support/capture';

let pki: TestPki;
let nginx: NginxPeer;
let dataDir: string;

beforeAll(async () => {
  pki = createTestPki();
  nginx = await startNginx([{ name: 'valid', chainPath: pki.pki.bundle('fetch-ca.pem', [pki.valid, pki.intermediate]), keyPath: pki.valid.keyPath }]);
}, 60_000);

afterAll(async () => {
  await nginx?.stop();
  pki?.cleanup();
});

beforeEach(() => {
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-cli-fetch-ca-')), 'data');
});

describe('thincert fetch --accept-fingerprint of a CA in the chain', () => {
  it('adds the CA as an anchor; check is then trusted by domain name', async () => {
    const target = `valid.test:${nginx.ports.valid}`;
    const fp = pki.intermediate.x509.fingerprint256;
    const run = await thincert(dataDir, ['fetch', 'broker', target, '--connect-to', '127.0.0.1', '--accept-fingerprint', fp]);
    expect(run.stderr).not.toMatch(/does not match/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/added the CA .* trusted by domain name/);
    const list = JSON.parse((await thincert(dataDir, ['list', '--json'])).stdout) as { certificates: { fingerprint: string; isCA: boolean }[] };
    expect(list.certificates).toMatchObject([{ fingerprint: fp, isCA: true }]);
    const check = await thincert(dataDir, ['check', 'broker', target, '--connect-to', '127.0.0.1', '--json']);
    expect(check.status).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ trusted: true, by: 'anchor' });
  });

  it('refuses a fingerprint of no presented certificate, storing nothing', async () => {
    const run = await thincert(dataDir, ['fetch', 'broker', `valid.test:${nginx.ports.valid}`, '--connect-to', '127.0.0.1', '--accept-fingerprint', pki.rootRsa.x509.fingerprint256]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/does not match any certificate the server presented/);
    expect(JSON.parse((await thincert(dataDir, ['list', '--json'])).stdout)).toEqual({ certificates: [] });
  });
});
