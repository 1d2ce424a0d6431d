/** Pins' servers (issue 15) through the Service and the store on disk: old stores stay readable, bad lists are damage. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestPki, type TestPki } from '../../../test/peers/test-pki';
import { createService } from '../create-service';
import { storeFilePath } from '../store/layout';
import { serverKey } from './server-pins';

let pki: TestPki;
beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => pki?.cleanup());

function dataDirWithStore(entry: Record<string, unknown>): string {
  const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-pins-')), 'data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const der = pki.rdpRsa.x509.raw.toString('base64');
  const fingerprint = pki.rdpRsa.x509.fingerprint256;
  const details = { fingerprint, sha1: '', subject: 'CN=rdp.test', issuer: 'CN=x', serial: '01', notBefore: pki.rdpRsa.x509.validFrom, notAfter: new Date(pki.rdpRsa.x509.validTo).toISOString(), isCA: false, selfSigned: false, keyType: 'rsa', keyBits: 2048, curve: null, signatureAlgorithm: 'sha256WithRSAEncryption', subjectAltNames: ['DNS:rdp.test'], keyUsage: [], extKeyUsage: [] };
  const stored = { fingerprint, der, details, purposes: ['rdp'], source: 'manual', label: null, addedAt: '2026-01-01T00:00:00Z', ...entry };
  writeFileSync(storeFilePath(dataDir), JSON.stringify({ schemaVersion: 1, certificates: { [fingerprint]: stored } }), { mode: 0o600 });
  return dataDir;
}

describe('pins and their servers in store.json', () => {
  it('reads a store written before servers were recorded', async () => {
    const service = createService({ dataDir: dataDirWithStore({}) });
    const listed = await service.dispatch('list', { purpose: 'rdp' }, { actor: 'ui' });
    expect(listed).toMatchObject({ ok: true, value: { certificates: [{ fingerprint: pki.rdpRsa.x509.fingerprint256 }] } });
    await service.close();
  });

  it('reads a list of servers and refuses one that is not a list of host:port as damage, leaving the file as it was', async () => {
    const good = createService({ dataDir: dataDirWithStore({ servers: ['127.0.0.1:3389', '[::1]:3390'] }) });
    expect((await good.dispatch('list', {}, { actor: 'ui' })).ok).toBe(true);
    await good.close();
    const dataDir = dataDirWithStore({ servers: 'rdp.test:3389' });
    const before = readFileSync(storeFilePath(dataDir), 'utf8');
    const bad = createService({ dataDir });
    expect(await bad.dispatch('list', {}, { actor: 'ui' })).toMatchObject({ ok: false, error: { code: 'store-damaged' } });
    expect(readFileSync(storeFilePath(dataDir), 'utf8')).toBe(before);
    await bad.close();
  });

  it('spells one server one way', () => {
    expect(serverKey('RDP.Example.ORG', 3389)).toBe('rdp.example.org:3389');
    expect(serverKey('::1', 3389)).toBe('[::1]:3389');
    expect(serverKey('[FE80::1]', 3390)).toBe('[fe80::1]:3390');
  });
});
