/**
 * The hashed folder's names after a change come from its manifest where the
 * manifest's file is there (a CLI process would otherwise parse every stored
 * certificate for its subject hash on every change: ~300 ms at 10,000). A
 * manifest line whose file is missing is not believed: the certificate is
 * hashed again and filed under its real name, where OpenSSL looks for it.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestPki, type TestPki } from '../../test/peers/test-pki';
import { runOpenssl } from '../../test/peers/openssl-cli';
import { bundleCli } from './test-support/bundle-cli';

let pki: TestPki;
let work: string;
let cli: string;

// Each change in a process of its own, as from a shell: in one process the hashes are kept from the last change.
beforeAll(async () => {
  pki = createTestPki();
  work = mkdtempSync(path.join(os.tmpdir(), 'thincert-hashed-names-'));
  cli = await bundleCli(path.join(work, 'thincert.cjs'));
});

function thincert(dataDir: string, args: string[]): { status: number | null } {
  return spawnSync(process.execPath, [cli, '--data-dir', dataDir, ...args], { stdio: 'ignore' });
}
afterAll(() => {
  pki?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

const subjectHashOf = (certPath: string) => runOpenssl(['x509', '-noout', '-subject_hash', '-in', certPath]).stdout.trim();
const hashedNames = (folder: string) => readdirSync(folder).filter((name) => /^[0-9a-f]{8}\.\d+$/.test(name)).sort();

describe('hashed names and the manifest', () => {
  it('a manifest line naming a missing file is not believed: the next change files the certificate under its subject hash', () => {
    const dataDir = path.join(work, 'tampered');
    const folder = path.join(dataDir, 'bundles', 'rdp');
    expect((thincert(dataDir, ['add', 'rdp', pki.rootRsa.certPath])).status).toBe(0);
    const rsaName = `${subjectHashOf(pki.rootRsa.certPath)}.0`;
    expect(hashedNames(folder)).toEqual([rsaName]);

    // The manifest now files the certificate under a name with no file behind it.
    const manifestPath = path.join(folder, '.thincert-manifest');
    const manifest = readFileSync(manifestPath, 'utf8');
    expect(manifest).toContain(`${rsaName} `);
    writeFileSync(manifestPath, manifest.replace(rsaName, 'deadbeef.0'));

    expect((thincert(dataDir, ['add', 'rdp', pki.rootEc.certPath])).status).toBe(0);
    expect(hashedNames(folder)).toEqual([rsaName, `${subjectHashOf(pki.rootEc.certPath)}.0`].sort());
    expect(readFileSync(path.join(folder, rsaName), 'ascii')).toBe(readFileSync(pki.rootRsa.certPath, 'ascii'));
    expect(readFileSync(manifestPath, 'utf8')).not.toContain('deadbeef');
  });

  it('names taken from the manifest are the names OpenSSL gives, change after change', () => {
    const dataDir = path.join(work, 'plain');
    const folder = path.join(dataDir, 'bundles', 'rdp');
    for (const cert of [pki.rootRsa, pki.rootEc, pki.intermediate]) expect((thincert(dataDir, ['add', 'rdp', cert.certPath])).status).toBe(0);
    expect(hashedNames(folder)).toEqual([pki.rootRsa, pki.rootEc, pki.intermediate].map((cert) => `${subjectHashOf(cert.certPath)}.0`).sort());
  });
});
