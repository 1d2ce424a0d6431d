/**
 * Issue 16 §2 by policy, against the real ksc-sim and nginx on 127.0.0.1:
 * ksc-admin sets the revocation mode of a purpose and delivers a CRL; the
 * device then uses both, refuses `config set revocation` for that purpose
 * (naming the administrator, nothing written), and lets go when the policy does.
 */
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRevocationPki, type RevocationPki } from '../../test/peers/revocation-pki';
import { startRevocationNginx, type RevocationNginx } from '../../test/peers/revocation-nginx';
import { startHarness, type Harness } from '../sim/test-support/harness';
import { thincert } from './test-support/capture';

let rev: RevocationPki;
let nginx: RevocationNginx;
let h: Harness;

beforeAll(async () => {
  rev = await createRevocationPki();
  const site = (name: 'offlineRevoked' | 'noSource') => ({ name, chainPath: rev.pki.bundle(name, [rev.leaves[name], rev.ca]), keyPath: rev.leaves[name].keyPath });
  nginx = await startRevocationNginx([site('offlineRevoked'), site('noSource')], { port: rev.ports.http, root: rev.httpRoot });
}, 90_000);
afterAll(async () => {
  await nginx?.stop();
  rev?.cleanup();
});
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

interface CheckJson {
  trusted: boolean;
  reasons: { code: string; params?: Record<string, string | number> }[];
  warnings?: { code: string }[];
}

describe('revocation set and delivered by the policy', () => {
  it('the policy mode and CRL are used, the device setting is locked, and it is free again when the policy lets go', async () => {
    const cli = (args: string[]) => thincert(h.dataDir, args);
    const check = async (leaf: 'offlineRevoked' | 'noSource') => {
      const run = await cli(['check', 'broker', `127.0.0.1:${nginx.ports[leaf]}`, '--json']);
      return { status: run.status, result: JSON.parse(run.stdout) as CheckJson };
    };
    expect((await cli(['enroll', `127.0.0.1:${h.sim.port}`, '--accept-fingerprint', h.original.fingerprint])).status).toBe(0);
    const policy = await h.admin('policy', '--managed', 'true', '--add', 'broker', rev.ca.certPath, '--revocation', 'broker', 'hard', '--crl', rev.crlCurrent, '--contact-name', 'IT service desk');
    expect(policy.status).toBe(0);
    expect((await cli(['sync'])).status).toBe(0);

    const revoked = await check('offlineRevoked');
    expect(revoked.status).toBe(3);
    expect(revoked.result.reasons.map((r) => r.code)).toEqual(['revoked']);
    expect(revoked.result.reasons[0]?.params?.source).toBe('cached CRL');
    // The delivered CRL also vouches for what it does not list: hard mode, and still trusted.
    expect((await check('noSource')).result).toMatchObject({ trusted: true, reasons: [], warnings: [] });

    const listed = JSON.parse((await cli(['crl', 'list', '--json'])).stdout) as { crls: { source: string; revoked: number }[] };
    expect(listed.crls).toEqual([expect.objectContaining({ source: 'policy', revoked: 5 })]);

    const refused = await cli(['config', 'set', 'revocation', 'broker', 'off']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/Revocation checking for broker is set by the policy of IT service desk/);
    expect(existsSync(join(h.dataDir, 'config.json'))).toBe(false);
    // Purposes the policy leaves alone stay the device's to set.
    expect((await cli(['config', 'set', 'revocation', 'rdp', 'soft'])).status).toBe(0);

    expect((await h.admin('policy', '--revocation', 'broker', 'none', '--crls', 'none')).status).toBe(0);
    expect((await cli(['sync'])).status).toBe(0);
    expect((await cli(['config', 'set', 'revocation', 'broker', 'off'])).status).toBe(0);
    expect((await check('offlineRevoked')).result.trusted).toBe(true);
    expect(JSON.parse((await cli(['crl', 'list', '--json'])).stdout)).toEqual({ crls: [] });
  });

  it('ksc-admin refuses a mode it does not know and a file that is not a CRL, and the policy stays as it was', async () => {
    expect((await h.admin('policy', '--revocation', 'broker', 'soft')).status).toBe(0);
    const policyFile = join(h.simData, 'policy.json');
    const before = readFileSync(policyFile, 'utf8');
    const badMode = await h.admin('policy', '--revocation', 'broker', 'strict');
    expect(badMode.status).toBe(2);
    expect(badMode.err.join('\n')).toMatch(/--revocation takes off, soft, hard or none/);
    const notCrl = await h.admin('policy', '--crl', rev.ca.certPath);
    expect(notCrl.status).toBe(2);
    expect(notCrl.err.join('\n')).toMatch(/not a CRL ThinCert can use/);
    expect(readFileSync(policyFile, 'utf8')).toBe(before);
  });
});
