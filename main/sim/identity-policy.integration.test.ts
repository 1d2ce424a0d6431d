/**
 * The policy's `identity` field (issue 17, docs/policy.md) end to end: set
 * with ksc-admin's flags, served by the real ksc-sim on 127.0.0.1, applied or
 * refused by the device through Service.dispatch. A bad field refuses the
 * whole policy with the field named; the challenge is never said anywhere.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHarnessWithService, type ServiceHarness } from './test-support/harness';
import { makeCert } from './test-support/fixtures';

const CHALLENGE = 'sc3p-chall3nge-never-shown';

let h: ServiceHarness;

beforeEach(async () => {
  h = await startHarnessWithService({ env: { PATH: process.env.PATH } });
});
afterEach(() => h.close());

async function value<T>(channel: string, payload: unknown): Promise<T> {
  const result = await h.service.dispatch(channel, payload, { actor: 'ui' });
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

type Management = { policyRevision: number | null; policyError: string | null };
const management = async () => (await value<{ management: Management }>('status', {})).management;

function challengeFile(): string {
  const file = join(h.certs, 'challenge.txt');
  writeFileSync(file, `${CHALLENGE}\n`);
  return file;
}

/** Everything the device wrote where a person or a log server may read it: the trail, and what status says. */
async function saidAnywhere(): Promise<string> {
  const dir = join(h.dataDir, 'audit');
  const trail = readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8')).join('');
  return trail + JSON.stringify(await value('status', {}));
}

describe('the identity field of the policy', () => {
  it('is set by ksc-admin, served by ksc-sim and applied by the device; the challenge is never said', async () => {
    await value('enroll', { host: '127.0.0.1', port: h.sim.port, fingerprint: h.original.fingerprint });
    const ca = makeCert(h.certs, 'scep-ca.example.test');
    const admin = await h.admin(
      'policy', '--managed', 'true',
      '--identity-scep', 'http://127.0.0.1:9/scep',
      '--identity-ca-fingerprint', ca.cert,
      '--identity-challenge-file', challengeFile(),
      '--identity-cn', 'tc-7f3a',
      '--identity-san', 'DNS:tc-7f3a.corp.example', '--identity-san', 'IP:10.0.0.5',
      '--identity-renew-days', '14',
    );
    expect(admin).toMatchObject({ status: 0, err: [] });
    expect(admin.out.join('\n')).not.toContain(CHALLENGE);
    const served = JSON.parse(readFileSync(join(h.simData, 'policy.json'), 'utf8')) as { identity: unknown };
    expect(served.identity).toEqual({
      scepUrl: 'http://127.0.0.1:9/scep',
      caFingerprint: ca.fingerprint,
      challenge: CHALLENGE,
      subject: { cn: 'tc-7f3a', san: ['DNS:tc-7f3a.corp.example', 'IP:10.0.0.5'] },
      renewal: { daysBefore: 14 },
    });

    await value('sync', {});
    expect(await management()).toMatchObject({ policyRevision: 2, policyError: null });
    // The identity capability reads the field through policyIdentity(): the device's certificate is now the policy's to set.
    expect((await value<{ managedBy: string | null }>('identityShow', {})).managedBy).not.toBeNull();
    expect(await saidAnywhere()).not.toContain(CHALLENGE);

    // Changing one part keeps the others; `none` drops the field.
    expect((await h.admin('policy', '--identity-renew-fraction', '0.5', '--identity-sans', 'none')).status).toBe(0);
    expect((JSON.parse(readFileSync(join(h.simData, 'policy.json'), 'utf8')) as { identity: unknown }).identity).toEqual({
      scepUrl: 'http://127.0.0.1:9/scep',
      caFingerprint: ca.fingerprint,
      challenge: CHALLENGE,
      subject: { cn: 'tc-7f3a' },
      renewal: { lifetimeFraction: 0.5 },
    });
    expect((await h.admin('policy', '--identity-scep', 'none')).status).toBe(0);
    expect((JSON.parse(readFileSync(join(h.simData, 'policy.json'), 'utf8')) as { identity: unknown }).identity).toBeNull();
    await value('sync', {});
    expect(await management()).toMatchObject({ policyRevision: 4, policyError: null });
    expect((await value<{ managedBy: string | null }>('identityShow', {})).managedBy).toBeNull();
  });

  it('ksc-admin refuses what a device would refuse, and writes nothing', async () => {
    expect((await h.admin('policy', '--contact-name', 'IT desk')).status).toBe(0);
    const before = readFileSync(join(h.simData, 'policy.json'), 'utf8');
    for (const argv of [
      ['--identity-scep', 'ftp://ca.example/scep', '--identity-ca-fingerprint', 'ab'.repeat(32)],
      ['--identity-scep', 'http://ca.example/scep', '--identity-ca-fingerprint', 'not-a-fingerprint-or-file'],
      ['--identity-scep', 'http://ca.example/scep', '--identity-ca-fingerprint', 'ab'.repeat(32), '--identity-renew-fraction', '1.5'],
      ['--identity-scep', 'http://ca.example/scep', '--identity-ca-fingerprint', 'ab'.repeat(32), '--identity-san', 'IP:300.1.1.1'],
      ['--identity-scep', 'http://ca.example/scep', '--identity-ca-fingerprint', 'ab'.repeat(32), '--identity-renew-days', '3', '--identity-renew-fraction', '0.5'],
      ['--identity-cn', 'only-a-name'],
    ]) {
      const run = await h.admin('policy', ...argv);
      expect(run.status, argv.join(' ')).toBe(2);
    }
    expect(readFileSync(join(h.simData, 'policy.json'), 'utf8')).toBe(before);
  });

  it.each([
    ['a SCEP URL that is not http(s)', { scepUrl: 'ldap://ca.example/scep' }, 'identity.scepUrl'],
    ['a CA fingerprint that is not a SHA-256', { caFingerprint: 'AB:CD' }, 'identity.caFingerprint'],
    ['a challenge that is not text', { challenge: 12345 }, 'identity.challenge'],
    ['a SAN that is neither DNS nor IP', { subject: { san: ['URI:http://x'] } }, 'identity.subject.san.0'],
    ['a renewal window outside the lifetime', { renewal: { lifetimeFraction: 1 } }, 'identity.renewal.lifetimeFraction'],
    ['two renewal windows at once', { renewal: { lifetimeFraction: 0.5, daysBefore: 3 } }, 'identity.renewal'],
    ['an unknown key', { renewAt: '2030-01-01' }, 'identity'],
  ])('a policy with %s is refused whole, the field named, nothing applied', async (_what, bad, field) => {
    await value('enroll', { host: '127.0.0.1', port: h.sim.port, fingerprint: h.original.fingerprint });
    await h.admin('policy', '--managed', 'true', '--identity-scep', 'http://127.0.0.1:9/scep', '--identity-ca-fingerprint', 'ab'.repeat(32), '--identity-challenge-file', challengeFile());
    await value('sync', {});
    const good = await management();
    expect(good).toMatchObject({ policyRevision: 2, policyError: null });

    const policyPath = join(h.simData, 'policy.json');
    const served = JSON.parse(readFileSync(policyPath, 'utf8')) as { revision: number; managed: boolean; identity: Record<string, unknown> };
    writeFileSync(policyPath, JSON.stringify({ ...served, revision: 3, managed: false, identity: { ...served.identity, ...bad } }));
    const refused = await h.service.dispatch('sync', {}, { actor: 'ui' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'policy-rejected' } });
    const after = await management();
    expect(after.policyRevision).toBe(2);
    expect(after.policyError).toContain(field);
    // Nothing of the refused policy applied: still managed, as revision 2 said.
    expect((await value<{ mode: string }>('status', {})).mode).toBe('managed');
    expect(await saidAnywhere()).not.toContain(CHALLENGE);
  });
});
