/**
 * Issue 13, hole 5 (ARCHITECTURE.md rules 1 and 5): a management certificate
 * out of its validity is never pinned at enrollment, and an expired pin starts
 * the replacement flow instead of syncing as `ok` — against the real ksc-sim.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDatedCert } from '../core/management/test-support/certs';
import { thincert } from '../cli/test-support/capture';
import { makeCert } from './test-support/fixtures';
import { refusal } from './test-support/refusal';
import { startHarness, type Harness } from './test-support/harness';

const DAY_MS = 86_400_000;
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY_MS);

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const nothingStored = () => {
  expect(existsSync(join(h.dataDir, 'management'))).toBe(false);
  expect(existsSync(join(h.simData, 'devices.json'))).toBe(false);
};

describe('enrollment with a certificate out of its validity', () => {
  it('refuses an expired certificate with its dates and stores nothing, here or on the server', async () => {
    const expired = makeDatedCert('ksc.example.test', daysFromNow(-400), daysFromNow(-30));
    await h.restartSim(expired);
    const error = await refusal(h.client().enroll({ host: '127.0.0.1', port: h.sim.port, acceptFingerprint: expired.fingerprint }));
    expect(error.code).toBe('management-certificate-expired');
    expect(error.params).toEqual({ notBefore: expect.any(String), notAfter: expect.any(String) });
    expect(error.params?.notAfter?.toString().slice(0, 10)).toBe(daysFromNow(-30).toISOString().slice(0, 10));
    expect(error.message).toContain(daysFromNow(-30).toISOString().slice(0, 10));
    nothingStored();
  });

  it('refuses a certificate that is not yet valid', async () => {
    const future = makeDatedCert('ksc.example.test', daysFromNow(30), daysFromNow(400));
    await h.restartSim(future);
    const error = await refusal(h.client().enroll({ host: '127.0.0.1', port: h.sim.port, acceptFingerprint: future.fingerprint }));
    expect(error.code).toBe('management-certificate-not-yet-valid');
    nothingStored();
  });

  it('says clock-wrong instead when the device clock is before the build date', async () => {
    h.clock.advance(-3 * 365 * DAY_MS);
    const error = await refusal(h.client().enroll({ host: '127.0.0.1', port: h.sim.port, acceptFingerprint: h.original.fingerprint }));
    expect(error.code).toBe('clock-wrong');
    nothingStored();
  });
});

describe('sync with an expired pinned certificate', () => {
  it('requires replacement, pins nothing out of date, and the administrator’s new certificate ends it', async () => {
    // Valid for a few seconds only, so the pin expires for real while the server keeps presenting it.
    const expiresAt = Date.now() + 4000;
    const shortLived = makeDatedCert('ksc.example.test', daysFromNow(-1), new Date(expiresAt));
    await h.restartSim(shortLived);
    const client = h.client();
    const enrolled = await client.enroll({ host: '127.0.0.1', port: h.sim.port, acceptFingerprint: shortLived.fingerprint });
    expect(enrolled.state).toBe('ok');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 1200));

    const error = await refusal(client.sync());
    expect(error.code).toBe('replacement-required');
    expect(error.exitCode).toBe(4);
    const viaCli = await thincert(h.dataDir, ['sync']);
    expect(viaCli.status).toBe(4);
    expect(viaCli.stderr).toContain('expired since');
    expect(viaCli.stderr).toContain('the administrator must give the server a new certificate');
    const status = await client.status();
    expect(status.state).toBe('replacement-required');
    expect(status.pendingFingerprint).toBe(shortLived.fingerprint);
    expect(status.pendingCertificate?.status).toBe('expired');
    // No code leads anywhere while the server presents an expired certificate.
    expect(status.confirmationCode).toBeNull();
    const replaced = await refusal(client.replace('1234-5678'));
    expect(replaced.code).toBe('management-certificate-expired');
    expect((await client.status()).failedAttempts).toBe(0);

    // The administrator gives the server a new certificate: the usual §4 flow takes over.
    const renewed = makeCert(h.certs, 'ksc.example.test');
    expect((await h.admin('rotate', '--cert', renewed.cert, '--key', renewed.key)).status).toBe(0);
    expect((await refusal(client.sync())).code).toBe('replacement-required');
    const waiting = await client.status();
    expect(waiting.pendingFingerprint).toBe(renewed.fingerprint);
    expect(waiting.confirmationCode).toMatch(/^\d{4}-\d{4}$/);
    const issued = await h.admin('replacement-code', '--device', waiting.deviceId ?? '', '--confirmation', waiting.confirmationCode ?? '');
    expect(issued.status).toBe(0);
    const done = await client.replace(issued.out.join('').trim());
    expect(done.state).toBe('ok');
    expect(done.pinnedFingerprint).toBe(renewed.fingerprint);
  });
});
