/**
 * Named remote desktops (issue 15) through Service.dispatch: the operator's
 * list on an unmanaged device, the policy's on a managed one — served by the
 * real ksc-sim, set with ksc-admin — and Connect's managed refusal against a
 * real xrdp, all on 127.0.0.1.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestPki, type TestPki } from '../../test/peers/test-pki';
import { startXrdp, type XrdpPeer } from '../../test/peers/xrdp';
import { createService } from '../core/create-service';
import { desktopsFile } from '../core/remote-desktops/desktop-file';
import { makeCert } from '../core/management/test-support/certs';
import { startHarnessWithService, type ServiceHarness } from './test-support/harness';

let h: ServiceHarness;
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
beforeEach(async () => {
  h = await startHarnessWithService({ env: { PATH: process.env.PATH } });
});
afterEach(() => h.close());

async function ask(channel: string, payload: unknown) {
  return h.service.dispatch(channel, payload, { actor: 'ui' });
}

async function value<T>(channel: string, payload: unknown): Promise<T> {
  const result = await ask(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

type List = { desktops: { id: string; name: string; host: string; port: number }[]; managed: boolean; adminContact: { name: string } | null };

async function managedByPolicy(...extra: string[]): Promise<void> {
  await value('enroll', { host: '127.0.0.1', port: h.sim.port, fingerprint: h.original.fingerprint });
  expect((await h.admin('policy', '--managed', 'true', '--contact-name', 'IT service desk', '--contact-phone', '+7 495 000-00-00', '--contact-email', 'it@example.org', ...extra)).status).toBe(0);
  await value('sync', {});
}

describe('remote desktops of an unmanaged device', () => {
  it('are added, edited and removed by the operator, kept in the data folder', async () => {
    expect(await value<List>('remoteDesktops', {})).toEqual({ desktops: [], managed: false, adminContact: null });
    const added = await value<List>('addRemoteDesktop', { name: '  Accounting ', host: 'acc.example.test', port: 3389 });
    expect(added.desktops).toEqual([{ id: expect.any(String), name: 'Accounting', host: 'acc.example.test', port: 3389 }]);
    const id = added.desktops[0]?.id ?? '';
    const edited = await value<List>('editRemoteDesktop', { id, name: 'Accounting 2', host: '10.0.0.5', port: 3390 });
    expect(edited.desktops).toEqual([{ id, name: 'Accounting 2', host: '10.0.0.5', port: 3390 }]);
    // Another process (a new Service over the same folder) reads the same list.
    const again = createService({ dataDir: h.dataDir });
    expect((await again.dispatch('remoteDesktops', {}, { actor: 'ui' })).ok && (await again.call('remoteDesktops', {}, { actor: 'ui' })).desktops).toEqual(edited.desktops);
    await again.close();
    expect((await value<List>('removeRemoteDesktop', { id })).desktops).toEqual([]);
  });

  it('refuses a bad host, a second entry of one name and an unknown id, writing nothing', async () => {
    await value('addRemoteDesktop', { name: 'Accounting', host: 'acc.example.test', port: 3389 });
    const before = readFileSync(desktopsFile(h.dataDir), 'utf8');
    expect(await ask('addRemoteDesktop', { name: 'Evil', host: 'evil\r\nHost: x', port: 3389 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await ask('addRemoteDesktop', { name: 'Bell\u0007', host: 'a.test', port: 3389 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await ask('addRemoteDesktop', { name: 'accounting', host: 'b.test', port: 3389 })).toMatchObject({ ok: false, error: { code: 'desktop-name-taken' } });
    expect(await ask('editRemoteDesktop', { id: 'nope', name: 'X', host: 'b.test', port: 3389 })).toMatchObject({ ok: false, error: { code: 'desktop-unknown' } });
    expect(await ask('removeRemoteDesktop', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'desktop-unknown' } });
    expect(readFileSync(desktopsFile(h.dataDir), 'utf8')).toBe(before);
  });
  it('keeps an IPv6 host without brackets, so FreeRDP and the pins add them once', async () => {
    const list = await value<List>('addRemoteDesktop', { name: 'Loopback v6', host: '[::1]', port: 3389 });
    expect(list.desktops[0]).toMatchObject({ host: '::1', port: 3389 });
  });
});

describe('remote desktops of a managed device', () => {
  it('are the policy’s (ksc-admin --remote-desktop); the operator cannot change them (managed)', async () => {
    await value('addRemoteDesktop', { name: 'Mine', host: 'mine.test', port: 3389 });
    const mine = readFileSync(desktopsFile(h.dataDir), 'utf8');
    await managedByPolicy('--remote-desktop', 'Accounting', `127.0.0.1:${xrdp.port}`, '--remote-desktop', 'Farm', '[::1]:3390');
    const list = await value<List>('remoteDesktops', {});
    expect(list).toMatchObject({
      managed: true,
      adminContact: { name: 'IT service desk' },
      desktops: [
        { name: 'Accounting', host: '127.0.0.1', port: xrdp.port },
        { name: 'Farm', host: '::1', port: 3390 },
      ],
    });
    for (const [channel, payload] of [
      ['addRemoteDesktop', { name: 'X', host: 'x.test', port: 3389 }],
      ['editRemoteDesktop', { id: list.desktops[0]?.id, name: 'X', host: 'x.test', port: 3389 }],
      ['removeRemoteDesktop', { id: list.desktops[0]?.id }],
    ] as const) {
      expect(await ask(channel, payload)).toMatchObject({ ok: false, error: { code: 'managed', params: { admin: 'IT service desk' } } });
    }
    // The operator's own list stays on disk, ignored while managed.
    expect(readFileSync(desktopsFile(h.dataDir), 'utf8')).toBe(mine);

    expect((await h.admin('policy', '--remote-desktops', 'none')).status).toBe(0);
    await value('sync', {});
    expect((await value<List>('remoteDesktops', {})).desktops).toEqual([]);
  });

  it('Connect to a server the policy does not vouch for: the reasons and the contact, nothing to accept', async () => {
    await managedByPolicy('--add', 'rdp', makeCert(h.certs, 'policy-rdp.example.test').cert);
    const answer = await value<{ kind: string; reasons: { code: string }[]; adminContact: unknown }>('connectRdp', { host: '127.0.0.1', port: xrdp.port });
    expect(answer).toMatchObject({ kind: 'managed-refusal', adminContact: { name: 'IT service desk', phone: '+7 495 000-00-00', email: 'it@example.org' } });
    expect(answer.reasons.length).toBeGreaterThan(0);
    expect(answer).not.toHaveProperty('connectId');
    const records = (await value<{ records: { event: string; details: Record<string, unknown> }[] }>('auditList', {})).records;
    expect(records.find((r) => r.event === 'connection-blocked')?.details).toMatchObject({ server: `127.0.0.1:${xrdp.port}`, verdict: 'not-trusted' });
  });

  it('a policy whose remoteDesktops has a bad entry is refused whole; the previous one stays in force', async () => {
    await managedByPolicy('--remote-desktop', 'Accounting', 'acc.example.test:3389');
    const policyFile = join(h.simData, 'policy.json');
    const policy = JSON.parse(readFileSync(policyFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(`${policyFile}.tmp`, JSON.stringify({ ...policy, revision: 50, remoteDesktops: [{ name: 'Bad', host: 'bad host', port: 3389 }] }));
    renameSync(`${policyFile}.tmp`, policyFile);
    expect(await ask('sync', {})).toMatchObject({ ok: false });
    expect((await value<List>('remoteDesktops', {})).desktops).toEqual([{ id: 'policy-0', name: 'Accounting', host: 'acc.example.test', port: 3389 }]);
    expect(existsSync(policyFile)).toBe(true);
  });
});
