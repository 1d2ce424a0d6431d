/**
 * Issue 16 §3 delivered by the management policy (the real ksc-sim and
 * ksc-admin), judged against real nginx servers on 127.0.0.1: the policy's
 * distrust list joins the device's and cannot be removed locally; the policy
 * limits its anchors to names and sets (and locks) trust levels.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { chainSite, createTestPki, validSite, type TestPki } from '../../test/peers/test-pki';
import { startNginx, type NginxPeer } from '../../test/peers/nginx';
import type { PkiCert } from '../../test/peers/pki';
import { startHarness, type Harness } from '../sim/test-support/harness';
import { thincert } from './test-support/capture';

let pki: TestPki;
let nginx: NginxPeer;
let corpRoot: PkiCert;
let h: Harness;

beforeAll(async () => {
  pki = createTestPki();
  corpRoot = pki.pki.issue({ name: 'policy-corp-root', commonName: 'Policy Corp Root', key: 'ec256', ca: {} });
  const corpLeaf = (name: string, san: string) => pki.pki.issue({ name, commonName: name, key: 'ec256', issuer: corpRoot, subjectAltNames: [san] });
  const site = (name: string, chain: [PkiCert, ...PkiCert[]]) => chainSite(pki.pki, name, chain);
  nginx = await startNginx([
    site('corp', [corpLeaf('policy-corp', 'DNS:rdp.corp.example')]),
    site('elsewhere', [corpLeaf('policy-elsewhere', 'DNS:www.elsewhere.test')]),
    validSite(pki),
    site('self-signed', [pki.selfSigned]),
  ]);
}, 60_000);

afterAll(async () => {
  await nginx?.stop();
  pki?.cleanup();
});

beforeEach(async () => {
  h = await startHarness();
  const enrolled = await cli(['enroll', `127.0.0.1:${h.sim.port}`, '--accept-fingerprint', h.original.fingerprint]);
  expect(enrolled.status).toBe(0);
});

afterEach(async () => {
  await h.close();
});

const cli = (args: string[]) => thincert(h.dataDir, args);
const fingerprintOf = (cert: PkiCert) => (cert.x509.fingerprint256 as string).toUpperCase();

async function admin(...argv: string[]): Promise<void> {
  const run = await h.admin('policy', ...argv);
  expect(run.err).toEqual([]);
  expect(run.status).toBe(0);
  expect((await cli(['sync'])).status).toBe(0);
}

async function check(site: string, host: string): Promise<{ status: number; codes: string[] }> {
  const run = await cli(['check', 'broker', `${host}:${nginx.ports[site]}`, '--connect-to', '127.0.0.1', '--json']);
  const result = JSON.parse(run.stdout) as { reasons: { code: string }[] };
  return { status: run.status, codes: result.reasons.map((r) => r.code) };
}

function folderState(): Record<string, string> {
  const state: Record<string, string> = {};
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else state[path.relative(h.dataDir, full)] = readFileSync(full, 'base64');
    }
  };
  walk(h.dataDir);
  return state;
}

describe('the policy delivers trust limits', () => {
  it('its distrust list joins the device list; a policy entry cannot be removed here', async () => {
    expect((await cli(['add', 'broker', pki.rootRsa.certPath])).status).toBe(0);
    expect((await cli(['distrust', 'add', pki.unknownRoot.certPath])).status).toBe(0);
    expect((await check('valid', 'valid.test')).status).toBe(0);

    await admin('--distrust', pki.intermediate.certPath);
    expect(await check('valid', 'valid.test')).toEqual({ status: 3, codes: ['distrusted'] });
    const listed = JSON.parse((await cli(['distrust', 'list', '--json'])).stdout) as { certificates: { fingerprint: string; source: string }[] };
    expect(listed.certificates.map((c) => [c.fingerprint, c.source])).toEqual([
      [fingerprintOf(pki.unknownRoot), 'local'],
      [fingerprintOf(pki.intermediate), 'policy'],
    ]);

    const before = folderState();
    const removal = await cli(['distrust', 'remove', fingerprintOf(pki.intermediate)]);
    expect(removal.status).toBe(1);
    expect(removal.stderr).toMatch(/distrust list of the management policy/);
    expect(folderState()).toEqual(before);

    await admin('--undistrust', fingerprintOf(pki.intermediate));
    expect((await check('valid', 'valid.test')).status).toBe(0);
  });

  it('limits its anchors to names, and sets and locks the trust level', async () => {
    await admin('--managed', 'true', '--contact-name', 'IT service desk', '--add-only-for', 'broker', corpRoot.certPath, 'corp.example', '--add', 'broker', pki.selfSigned.certPath);
    expect((await check('corp', 'rdp.corp.example')).status).toBe(0);
    expect(await check('elsewhere', 'www.elsewhere.test')).toMatchObject({ status: 3, codes: expect.arrayContaining(['anchor-not-for-name']) });
    expect((await check('self-signed', 'self.test')).status).toBe(0);
    const shown = JSON.parse((await cli(['show', fingerprintOf(corpRoot), '--json'])).stdout) as { onlyFor: string[] | null; source: string };
    expect(shown).toMatchObject({ onlyFor: ['corp.example'], source: 'policy' });
    expect((await cli(['list', 'broker'])).stdout).toContain('only for corp.example');

    await admin('--trust-level', 'broker', 'anchors-only');
    expect(await check('self-signed', 'self.test')).toMatchObject({ status: 3, codes: expect.arrayContaining(['pins-not-allowed']) });
    expect((await check('corp', 'rdp.corp.example')).status).toBe(0);
    const before = folderState();
    const refused = await cli(['config', 'set', 'trustLevel', 'broker', 'both']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/set by the policy of IT service desk/);
    expect(folderState()).toEqual(before);
    // A purpose the policy leaves alone stays the device's to set.
    expect((await cli(['config', 'set', 'trustLevel', 'logServer', 'pins-only'])).status).toBe(0);

    await admin('--trust-level', 'broker', 'pins-only');
    expect(await check('corp', 'rdp.corp.example')).toMatchObject({ status: 3, codes: expect.arrayContaining(['anchors-not-allowed']) });
    expect((await check('self-signed', 'self.test')).status).toBe(0);

    await admin('--trust-level', 'broker', 'none');
    expect((await check('corp', 'rdp.corp.example')).status).toBe(0);
    expect((await cli(['config', 'set', 'trustLevel', 'broker', 'pins-only'])).status).toBe(0);
  });

  it('a policy with a malformed limit, fingerprint or level is refused whole and changes nothing', async () => {
    await admin('--distrust', pki.intermediate.certPath);
    const policyFile = path.join(h.simData, 'policy.json');
    const good = JSON.parse(readFileSync(policyFile, 'utf8')) as Record<string, unknown>;
    for (const bad of [{ distrust: ['AB:CD'] }, { trustLevels: { broker: 'pins' } }, { certificates: [{ purpose: 'broker', pem: corpRoot.pem, onlyFor: ['10.0.0.1/8'] }] }]) {
      const { writeFileSync, renameSync } = await import('node:fs');
      writeFileSync(`${policyFile}.tmp`, JSON.stringify({ ...good, ...bad, revision: 90 }));
      renameSync(`${policyFile}.tmp`, policyFile);
      const before = (await cli(['distrust', 'list', '--json'])).stdout;
      expect((await cli(['sync'])).status).toBe(1);
      expect((await cli(['distrust', 'list', '--json'])).stdout).toBe(before);
      const status = JSON.parse((await cli(['status', '--json'])).stdout) as { management: { policyError: string | null } };
      expect(status.management.policyError).toMatch(/distrust|trustLevels|onlyFor/);
    }
  });
});
