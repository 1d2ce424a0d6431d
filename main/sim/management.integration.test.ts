/**
 * The management client against the real ksc-sim on 127.0.0.1 (PROTOCOL.md
 * §1–§5), with certificates made by openssl at test time.
 */
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmationCode, formatCode, replacementCode } from '../core/management/codes';
import { readManagedMode } from '../core/management/client';
import { digestOf } from '../core/management/protocol-certificate';
import { openCertStore } from '../core/store/cert-store';
import { detailsOf } from '../core/x509/details';
import { makeCert } from './test-support/fixtures';
import { refusal } from './test-support/refusal';
import { enrolled, startHarness, type Harness } from './test-support/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function kscCertificates() {
  const state = await openCertStore(h.dataDir).read();
  return Object.values(state.certificates).filter((c) => c.purposes.includes('ksc'));
}

describe('enrollment (§1)', () => {
  it('pins the confirmed certificate, shares K and keeps it private', async () => {
    const { status } = await enrolled(h);
    expect(status.state).toBe('ok');
    expect(status.deviceId).toMatch(/^tc-[0-9a-f]{8}$/);
    expect(status.pinnedFingerprint).toBe(h.original.fingerprint);
    // The channel carries the address as main keeps it; the renderer shows it without parsing (issue 14).
    expect(status.server).toEqual({ host: '127.0.0.1', port: h.sim.port });
    const ksc = await kscCertificates();
    expect(ksc.map((c) => [c.fingerprint, c.source])).toEqual([[h.original.fingerprint, 'enrollment']]);
    const key = await h.deviceKey();
    expect(h.devicesOnServer()[status.deviceId ?? '']?.deviceKey).toBe(key.toString('base64'));
    expect(statSync(join(h.dataDir, 'management', 'device.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(h.dataDir, 'management')).mode & 0o777).toBe(0o700);
    expect((await h.admin('devices')).out.join('\n')).toContain(status.deviceId ?? '?');
  });

  it('refuses a fingerprint other than the presented one and stores nothing', async () => {
    const other = makeCert(h.certs, 'other.example.test');
    const error = await refusal(h.client().enroll({ host: '127.0.0.1', port: h.sim.port, acceptFingerprint: other.fingerprint }));
    expect(error.code).toBe('management-fingerprint-mismatch');
    expect(existsSync(join(h.dataDir, 'management'))).toBe(false);
    expect(await kscCertificates()).toEqual([]);
    expect(existsSync(join(h.simData, 'devices.json'))).toBe(false);
  });

  it('refuses a device id the server already has (409) and stores nothing', async () => {
    await h.client().enroll({ host: '127.0.0.1', port: h.sim.port, acceptFingerprint: h.original.fingerprint, deviceId: 'tc-taken' });
    const otherDevice = join(h.certs, 'second-device');
    const { ManagementClient } = await import('../core/management/client');
    const second = new ManagementClient({ dataDir: otherDevice, store: openCertStore(otherDevice), clock: h.clock });
    const error = await refusal(second.enroll({ host: '127.0.0.1', port: h.sim.port, acceptFingerprint: h.original.fingerprint, deviceId: 'tc-taken' }));
    expect(error.code).toBe('device-id-taken');
    expect(existsSync(join(otherDevice, 'management'))).toBe(false);
  });

  it('previews through --connect-to while sending the name in SNI', async () => {
    const seen = await h.client().previewServer({ host: 'ksc.example.test', port: h.sim.port, connectTo: '127.0.0.1' });
    expect(seen.fingerprint).toBe(h.original.fingerprint);
  });
});

describe('without a device key (§4, last paragraph)', () => {
  it('says no-device-key, refuses sync and replacement, and enrolling again recovers', async () => {
    const { client } = await enrolled(h);
    rmSync(join(h.dataDir, 'management', 'device.key'));
    expect((await client.status()).state).toBe('no-device-key');
    const error = await refusal(client.sync());
    expect(error.code).toBe('no-device-key');
    const again = await client.enroll({ host: '127.0.0.1', port: h.sim.port, acceptFingerprint: h.original.fingerprint });
    expect(again.state).toBe('ok');
    expect(Object.keys(h.devicesOnServer())).toHaveLength(2);
  });

  it('refuses a replacement code when nothing is pending', async () => {
    const { client } = await enrolled(h);
    expect((await refusal(client.replace('1234-5678'))).code).toBe('no-replacement-pending');
  });
});

describe('policy (§2, §3)', () => {
  it('applies certificates, contact, log server and managed mode; later drops what the policy drops', async () => {
    const { client } = await enrolled(h);
    const rdp = makeCert(h.certs, 'rdp1.example.test');
    const broker = makeCert(h.certs, 'broker.example.test');
    expect(
      (await h.admin('policy', '--managed', 'true', '--add', 'rdp', rdp.cert, '--add', 'broker', broker.cert, '--contact-name', 'IT desk', '--contact-phone', '+7 495 000-00-00', '--contact-email', 'it@example.org', '--log-server', 'logs.example.org:6514')).status,
    ).toBe(0);
    const status = await client.sync();
    expect(status.state).toBe('ok');
    expect(status.adminContact).toEqual({ name: 'IT desk', phone: '+7 495 000-00-00', email: 'it@example.org' });
    expect(status.policyRevision).toBe(2);
    expect(await client.isManaged()).toBe(true);
    expect(client.managedBy('rdp')).toBe('IT desk');
    expect(client.managedBy('ksc')).toBeNull();
    expect((await readManagedMode(h.dataDir)).logServer).toBe('logs.example.org:6514');
    let state = await openCertStore(h.dataDir).read();
    expect(state.certificates[rdp.fingerprint]).toMatchObject({ purposes: ['rdp'], source: 'policy' });
    expect(state.certificates[broker.fingerprint]).toMatchObject({ purposes: ['broker'], source: 'policy' });

    await h.admin('policy', '--remove', 'rdp', rdp.cert, '--managed', 'false');
    const after = await client.sync();
    expect(after.policyRevision).toBe(3);
    expect(await client.isManaged()).toBe(false);
    state = await openCertStore(h.dataDir).read();
    expect(state.certificates[rdp.fingerprint]).toBeUndefined();
    expect(state.certificates[broker.fingerprint]).toBeDefined();
  });

  it('never removes a manual certificate the policy took over; gives it back as it was', async () => {
    const { client } = await enrolled(h);
    const rdp = makeCert(h.certs, 'manual-rdp.example.test');
    await openCertStore(h.dataDir).update((state) => ({
      state: {
        ...state,
        certificates: {
          ...state.certificates,
          [rdp.fingerprint]: { fingerprint: rdp.fingerprint, der: rdp.der.toString('base64'), details: detailsOf(rdp.der), purposes: ['rdp'], source: 'manual', label: 'mine', addedAt: new Date().toISOString() },
        },
      },
      result: null,
    }));
    await h.admin('policy', '--managed', 'true', '--add', 'rdp', rdp.cert);
    await client.sync();
    expect((await openCertStore(h.dataDir).read()).certificates[rdp.fingerprint]?.source).toBe('policy');
    await h.admin('policy', '--remove', 'rdp', rdp.cert);
    await client.sync();
    expect((await openCertStore(h.dataDir).read()).certificates[rdp.fingerprint]).toMatchObject({ source: 'manual', purposes: ['rdp'], label: 'mine' });
  });

  it('refuses a policy with a bad field and changes nothing but the error shown', async () => {
    const { client } = await enrolled(h);
    const rdp = makeCert(h.certs, 'rdp2.example.test');
    await h.admin('policy', '--managed', 'true', '--add', 'rdp', rdp.cert, '--contact-name', 'IT desk');
    const good = await client.sync();
    const storeBefore = await openCertStore(h.dataDir).read();
    const policyPath = join(h.simData, 'policy.json');
    writeFileSync(policyPath, JSON.stringify({ version: 1, revision: 99, managed: 'yes', adminContact: null, certificates: [], nextManagementCertificate: null, logServer: null }));
    const error = await refusal(client.sync());
    expect(error.code).toBe('policy-rejected');
    const status = await client.status();
    expect(status.policyError).toContain('managed');
    expect(status.policyRevision).toBe(good.policyRevision);
    expect(status.adminContact).toEqual(good.adminContact);
    expect(await client.isManaged()).toBe(true);
    expect(await openCertStore(h.dataDir).read()).toEqual(storeBefore);
  });

  it('ignores a policy with a lower revision', async () => {
    const { client } = await enrolled(h);
    await h.admin('policy', '--managed', 'true');
    await h.admin('policy', '--contact-name', 'IT desk');
    expect((await client.sync()).policyRevision).toBe(3);
    writeFileSync(join(h.simData, 'policy.json'), JSON.stringify({ version: 1, revision: 2, managed: false, adminContact: null, certificates: [], nextManagementCertificate: null, logServer: null }));
    const status = await client.sync();
    expect(status.policyRevision).toBe(3);
    expect(await client.isManaged()).toBe(true);
  });

  it('is refused (401) when the device clock is more than 300 s off', async () => {
    const { client } = await enrolled(h);
    h.clock.advance(301_000);
    const error = await refusal(client.sync());
    expect(error.code).toBe('device-rejected');
    expect((await client.status()).state).toBe('unreachable');
  });

  it('says unreachable when nothing listens', async () => {
    const { client } = await enrolled(h);
    await h.sim.close();
    const error = await refusal(client.sync());
    expect(error.code).toBe('server-unreachable');
    expect((await client.status()).state).toBe('unreachable');
    await h.restartSim(h.original);
  });
});

describe('rotation and replacement (§3, §4)', () => {
  it('announced rotation is seamless', async () => {
    const { client } = await enrolled(h);
    const next = makeCert(h.certs, 'ksc2.example.test');
    await h.admin('announce', '--cert', next.cert);
    expect((await client.sync()).nextFingerprint).toBe(next.fingerprint);
    await h.admin('rotate', '--cert', next.cert, '--key', next.key);
    const status = await client.sync();
    expect(status.state).toBe('ok');
    expect(status.pinnedFingerprint).toBe(next.fingerprint);
    expect(status.nextFingerprint).toBeNull();
    expect((await kscCertificates()).map((c) => [c.fingerprint, c.source])).toEqual([[next.fingerprint, 'replacement']]);
  });

  it('unannounced rotation needs codes; wrong and malformed codes change nothing; the right one typed with a space pins', async () => {
    const { client, status: first } = await enrolled(h);
    const rotated = makeCert(h.certs, 'ksc3.example.test');
    await h.admin('rotate', '--cert', rotated.cert, '--key', rotated.key);

    const error = await refusal(client.sync());
    expect(error.code).toBe('replacement-required');
    expect(error.exitCode).toBe(4);
    const key = await h.deviceKey();
    const expectedConfirmation = formatCode(confirmationCode(key, digestOf(rotated.der)));
    const required = await client.status();
    expect(required).toMatchObject({ state: 'replacement-required', pendingFingerprint: rotated.fingerprint, confirmationCode: expectedConfirmation, pinnedFingerprint: first.pinnedFingerprint });

    const admin = await h.admin('replacement-code', '--device', first.deviceId ?? '', '--confirmation', expectedConfirmation);
    expect(admin.status).toBe(0);
    const code = admin.out[0] ?? '';
    expect(code).toBe(formatCode(replacementCode(key, digestOf(rotated.der))));

    const wrong = code.startsWith('0') ? '11111111' : '00000000';
    expect((await refusal(client.replace(wrong))).code).toBe('code-wrong');
    expect(await client.status()).toMatchObject({ state: 'replacement-required', failedAttempts: 1, pinnedFingerprint: first.pinnedFingerprint, pendingFingerprint: rotated.fingerprint });

    const malformed = await refusal(client.replace(code.replace('-', '').slice(0, 7)));
    expect(malformed.code).toBe('code-malformed');
    expect((await client.status()).failedAttempts).toBe(1);

    const done = await client.replace(`${code.slice(0, 4)} ${code.slice(5)}`);
    expect(done).toMatchObject({ state: 'ok', pinnedFingerprint: rotated.fingerprint, pendingFingerprint: null, failedAttempts: 0, confirmationCode: null });
    expect((await kscCertificates()).map((c) => [c.fingerprint, c.source])).toEqual([[rotated.fingerprint, 'replacement']]);
  });

  it('five wrong codes lock the form, and a restart keeps the lock', async () => {
    const { client, status: first } = await enrolled(h);
    const rotated = makeCert(h.certs, 'ksc4.example.test');
    await h.admin('rotate', '--cert', rotated.cert, '--key', rotated.key);
    await refusal(client.sync());
    const key = await h.deviceKey();
    const right = replacementCode(key, digestOf(rotated.der));
    const wrong = right === '00000000' ? '11111111' : '00000000';
    for (let i = 1; i <= 4; i += 1) expect((await refusal(client.replace(wrong))).params).toMatchObject({ attemptsLeft: 5 - i });
    const fifth = await refusal(client.replace(wrong));
    expect(fifth.exitCode).toBe(4);

    const restarted = h.client();
    const locked = await refusal(restarted.replace(right));
    expect(locked.code).toBe('locked-out');
    expect(locked.exitCode).toBe(4);
    expect((await restarted.status()).lockedUntil).not.toBeNull();
    expect((await restarted.status()).failedAttempts).toBe(5);

    h.clock.advance(61_000);
    const done = await h.client().replace(right);
    expect(done.pinnedFingerprint).toBe(rotated.fingerprint);
    expect(done.failedAttempts).toBe(0);
    expect(first.deviceId).toBe(done.deviceId);
  });

  it('an intercepting server gets a confirmation code ksc-admin refuses', async () => {
    const { client, status: first } = await enrolled(h);
    const intruder = makeCert(h.certs, 'ksc.example.test-intruder');
    const intruderData = join(h.certs, 'intruder-sim');
    await h.restartSim(intruder, intruderData);

    const error = await refusal(client.sync());
    expect(error.code).toBe('replacement-required');
    const status = await client.status();
    expect(status.pendingFingerprint).toBe(intruder.fingerprint);

    const admin = await h.admin('replacement-code', '--device', first.deviceId ?? '', '--confirmation', status.confirmationCode ?? '');
    expect(admin.status).not.toBe(0);
    expect(admin.out).toEqual([]);
    expect(admin.err.join(' ')).toContain('possible interception');

    // The real server is back: the pinned certificate answers and the stale pending one goes.
    await h.restartSim(h.original);
    expect((await client.sync()).state).toBe('ok');
  });
});
