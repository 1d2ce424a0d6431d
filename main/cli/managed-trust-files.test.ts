/**
 * Managed mode and the files other programs read (issue 15 follow-up, ARCHITECTURE.md
 * rule 4): with `managed: true` the rdp bundle and hashed folder hold only the
 * policy's certificates, so OpenSSL and curl refuse a server only a manual root
 * vouches for, as `check` does; leaving managed mode gives the manual root back.
 * The switch is made by policies that change no certificate, so only a rewrite on
 * the change of mode (not of store.json) can bring the files along.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createTestPki, validSite, type TestPki } from '../../test/peers/test-pki';
import { startNginx, type NginxPeer } from '../../test/peers/nginx';
import { runOpenssl } from '../../test/peers/openssl-cli';
import { startHarness, type Harness } from '../sim/test-support/harness';
import { thincert } from './test-support/capture';

let pki: TestPki;
let nginx: NginxPeer;
let h: Harness;

beforeAll(async () => {
  pki = createTestPki();
  nginx = await startNginx([validSite(pki)]);
}, 60_000);
afterAll(async () => {
  await nginx?.stop();
  pki?.cleanup();
});
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const cli = (args: string[]) => thincert(h.dataDir, args, { env: { PATH: process.env.PATH } });
const bundle = () => path.join(h.dataDir, 'bundles', 'rdp.pem');
const hashedFolder = () => path.join(h.dataDir, 'bundles', 'rdp');

/** The PEM blocks of the rdp bundle, as OpenSSL reads them. */
function bundleBlocks(): string[] {
  return readFileSync(bundle(), 'ascii').match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/g) ?? [];
}
const pemOf = (certPath: string) => readFileSync(certPath, 'ascii');
const hashedNames = () => readdirSync(hashedFolder()).filter((name) => /^[0-9a-f]{8}\.\d+$/.test(name)).sort();
const subjectHashOf = (certPath: string) => runOpenssl(['x509', '-noout', '-subject_hash', '-in', certPath]).stdout.trim();

/** `openssl verify` of nginx's leaf given only the bundle, then only the hashed folder: 0 when both trust it. */
function opensslTrustsServer(): { caFile: number; caPath: number } {
  const common = ['-untrusted', pki.intermediate.certPath, pki.valid.certPath];
  return {
    caFile: runOpenssl(['verify', '-no-CApath', '-no-CAstore', '-CAfile', bundle(), ...common]).status,
    caPath: runOpenssl(['verify', '-no-CAfile', '-no-CAstore', '-CApath', hashedFolder(), ...common]).status,
  };
}

async function curlVia(purpose: string): Promise<number> {
  const connectTo = `valid.test:${nginx.ports.valid}:127.0.0.1:${nginx.ports.valid}`;
  return (await cli(['exec', purpose, '--', 'curl', '-s', '-o', '/dev/null', '--connect-to', connectTo, `https://valid.test:${nginx.ports.valid}/`])).status;
}

describe('trust files in managed mode', () => {
  it('hold only the policy certificates while managed, and the manual root again after', async () => {
    // The manual root nginx's chain leads to, stored before enrollment: trusted by every program.
    expect((await cli(['add', 'rdp', pki.rootRsa.certPath])).status).toBe(0);
    expect(opensslTrustsServer()).toEqual({ caFile: 0, caPath: 0 });
    expect((await cli(['enroll', `127.0.0.1:${h.sim.port}`, '--accept-fingerprint', h.original.fingerprint])).status).toBe(0);
    expect((await h.admin('policy', '--add', 'rdp', pki.rootEc.certPath)).status).toBe(0);
    expect((await cli(['sync'])).status).toBe(0);
    expect(bundleBlocks().sort()).toEqual([pemOf(pki.rootRsa.certPath), pemOf(pki.rootEc.certPath)].sort());

    // Managed mode with the same certificates: store.json does not change, the trust files must.
    expect((await h.admin('policy', '--managed', 'true', '--contact-name', 'IT desk')).status).toBe(0);
    expect((await cli(['sync'])).status).toBe(0);
    expect(JSON.parse((await cli(['status', '--json'])).stdout)).toMatchObject({ mode: 'managed', counts: { rdp: 1 } });
    expect(bundleBlocks()).toEqual([pemOf(pki.rootEc.certPath)]);
    expect(hashedNames()).toEqual([`${subjectHashOf(pki.rootEc.certPath)}.0`]);
    const refused = opensslTrustsServer();
    expect(refused.caFile).not.toBe(0);
    expect(refused.caPath).not.toBe(0);
    // 60: curl could not verify the server (the CA file is not empty, so not 77).
    expect(await curlVia('rdp')).toBe(60);
    // Still on disk, listed, and not counted: the files agree with the rules.
    const listed = JSON.parse((await cli(['list', 'rdp', '--json'])).stdout) as { certificates: { fingerprint: string }[] };
    expect(listed.certificates).toHaveLength(2);

    // Leaving managed mode (again no certificate changes): the manual root counts and is trusted again.
    expect((await h.admin('policy', '--managed', 'false')).status).toBe(0);
    expect((await cli(['sync'])).status).toBe(0);
    expect(JSON.parse((await cli(['status', '--json'])).stdout)).toMatchObject({ mode: 'unmanaged', counts: { rdp: 2 } });
    expect(bundleBlocks().sort()).toEqual([pemOf(pki.rootRsa.certPath), pemOf(pki.rootEc.certPath)].sort());
    expect(hashedNames()).toEqual([`${subjectHashOf(pki.rootEc.certPath)}.0`, `${subjectHashOf(pki.rootRsa.certPath)}.0`].sort());
    expect(opensslTrustsServer()).toEqual({ caFile: 0, caPath: 0 });
    expect(await curlVia('rdp')).toBe(0);
  }, 60_000);

  it('a policy that brings certificates and managed mode at once leaves only its own in the files', async () => {
    expect((await cli(['add', 'rdp', pki.rootRsa.certPath])).status).toBe(0);
    expect((await h.admin('policy', '--managed', 'true', '--add', 'rdp', pki.rootEc.certPath)).status).toBe(0);
    // The enrollment's first sync applies the policy: no separate sync, no exec in between.
    expect((await cli(['enroll', `127.0.0.1:${h.sim.port}`, '--accept-fingerprint', h.original.fingerprint])).status).toBe(0);
    expect(JSON.parse((await cli(['status', '--json'])).stdout)).toMatchObject({ mode: 'managed' });
    expect(bundleBlocks()).toEqual([pemOf(pki.rootEc.certPath)]);
    expect(hashedNames()).toEqual([`${subjectHashOf(pki.rootEc.certPath)}.0`]);
    expect(opensslTrustsServer().caFile).not.toBe(0);
  }, 60_000);

  it('env speaks of what the files hold: a manual certificate that does not count is not reported as trusted', async () => {
    expect((await cli(['add', 'rdp', pki.rootRsa.certPath])).status).toBe(0);
    expect((await cli(['env', 'rdp'])).stderr).not.toContain('no certificates');
    expect((await h.admin('policy', '--managed', 'true', '--add', 'broker', pki.rootEc.certPath)).status).toBe(0);
    expect((await cli(['enroll', `127.0.0.1:${h.sim.port}`, '--accept-fingerprint', h.original.fingerprint])).status).toBe(0);
    const env = await cli(['env', 'rdp']);
    expect(env.status).toBe(0);
    expect(env.stderr).toContain('no certificates that count for rdp are stored');
    expect(bundleBlocks()).toEqual([]);
  }, 60_000);
});
