/**
 * Managed mode through the CLI against the real ksc-sim (issue 7): with
 * `managed: true` manual adds and removes are refused naming the
 * administrator, manual certificates stay on disk but do not count, and they
 * count again when the policy lets go.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCert } from '../core/management/test-support/certs';
import { startHarness, type Harness } from '../sim/test-support/harness';
import { thincert } from './test-support/capture';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('managed mode', () => {
  it('refuses manual changes with the administrator named, ignores manual certificates, and gives them back', async () => {
    const cli = (args: string[]) => thincert(h.dataDir, args);
    const manual = makeCert(h.certs, 'manual-rdp.example.test');
    const policyCert = makeCert(h.certs, 'policy-rdp.example.test');
    expect((await cli(['add', 'rdp', manual.cert])).status).toBe(0);
    expect((await cli(['enroll', `127.0.0.1:${h.sim.port}`, '--accept-fingerprint', h.original.fingerprint])).status).toBe(0);

    await h.admin('policy', '--managed', 'true', '--add', 'rdp', policyCert.cert, '--contact-name', 'IT service desk', '--contact-phone', '+7 495 000-00-00');
    expect((await cli(['sync'])).status).toBe(0);
    const status = JSON.parse((await cli(['status', '--json'])).stdout) as { mode: string; counts: Record<string, number> };
    expect(status.mode).toBe('managed');
    expect(status.counts.rdp).toBe(1);

    const another = makeCert(h.certs, 'another.example.test');
    const refused = await cli(['add', 'rdp', another.cert]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/managed by IT service desk/);
    const removal = await cli(['remove', 'rdp', manual.fingerprint]);
    expect(removal.status).toBe(1);
    expect(removal.stderr).toMatch(/managed by IT service desk/);
    // Still on disk, ignored: the bundle other programs read holds only the policy's certificate.
    const listed = JSON.parse((await cli(['list', 'rdp', '--json'])).stdout) as { certificates: { fingerprint: string }[] };
    expect(listed.certificates.map((c) => c.fingerprint).sort()).toEqual([manual.fingerprint, policyCert.fingerprint].sort());
    const bundle = await cli(['export', 'rdp', '--json']);
    expect(JSON.parse(bundle.stdout)).toMatchObject({ count: 1 });

    await h.admin('policy', '--managed', 'false');
    expect((await cli(['sync'])).status).toBe(0);
    const after = JSON.parse((await cli(['status', '--json'])).stdout) as { mode: string; counts: Record<string, number> };
    expect(after.mode).toBe('unmanaged');
    expect(after.counts.rdp).toBe(2);
    expect((await cli(['add', 'rdp', another.cert])).status).toBe(0);
  });

  it('a policy with a field of the wrong type changes nothing and is shown', async () => {
    const cli = (args: string[]) => thincert(h.dataDir, args);
    expect((await cli(['enroll', `127.0.0.1:${h.sim.port}`, '--accept-fingerprint', h.original.fingerprint])).status).toBe(0);
    const before = (await cli(['list', '--json'])).stdout;
    // Written the way ksc-admin writes it (atomically), but with a field of the wrong type (PROTOCOL.md §3).
    await h.admin('policy', '--contact-name', 'IT service desk');
    const policyFile = join(h.simData, 'policy.json');
    const bad = { ...(JSON.parse(readFileSync(policyFile, 'utf8')) as Record<string, unknown>), revision: 99, managed: 'yes' };
    writeFileSync(`${policyFile}.tmp`, JSON.stringify(bad));
    renameSync(`${policyFile}.tmp`, policyFile);
    const synced = await cli(['sync']);
    expect(synced.status).toBe(1);
    expect((await cli(['list', '--json'])).stdout).toBe(before);
    const status = JSON.parse((await cli(['status', '--json'])).stdout) as { mode: string; management: { policyError: string | null; policyRevision: number } };
    expect(status.mode).toBe('unmanaged');
    expect(status.management.policyError).toMatch(/managed/);
    expect(status.management.policyRevision).toBeLessThan(99);
  });
});
