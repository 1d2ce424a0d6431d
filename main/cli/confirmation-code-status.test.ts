/**
 * Issue 13 follow-up: while a replacement is pending but no confirmation code
 * can be given (the new certificate is out of date, or the device key is gone),
 * `status` and `sync` say why and what to do, never a bare "?".
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCert, makeDatedCert } from '../core/management/test-support/certs';
import { startHarness, type Harness } from '../sim/test-support/harness';
import { thincert } from './test-support/capture';

const DAY = 86_400_000;
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const cli = (args: string[]) => thincert(h.dataDir, args);

/** Enrolls, then the server presents `cert` (unannounced): the sync ends in replacement required. */
async function pendingReplacement(cert: { cert: string; key: string }) {
  expect((await cli(['enroll', `127.0.0.1:${h.sim.port}`, '--accept-fingerprint', h.original.fingerprint])).status).toBe(0);
  expect((await h.admin('rotate', '--cert', cert.cert, '--key', cert.key)).status).toBe(0);
  expect((await cli(['sync'])).status).toBe(4);
}

describe('status without a confirmation code', () => {
  it('says the new certificate expired on its date and to ask the administrator', async () => {
    const notAfter = new Date(Date.now() - 30 * DAY);
    await pendingReplacement(makeDatedCert('ksc-expired.example.test', new Date(Date.now() - 400 * DAY), notAfter));
    const status = await cli(['status']);
    expect(status.status).toBe(0);
    expect(status.stdout).toContain('Management server: replacement-required');
    expect(status.stdout).toContain(`No confirmation code: the server's new certificate expired on ${notAfter.toISOString().slice(0, 10)}. Ask the administrator`);
    expect(status.stdout).not.toMatch(/code: \?|Tell the administrator this confirmation code/);
  });

  it('says the new certificate is not valid yet, and to check the clock or ask the administrator', async () => {
    const notBefore = new Date(Date.now() + 30 * DAY);
    await pendingReplacement(makeDatedCert('ksc-future.example.test', notBefore, new Date(Date.now() + 400 * DAY)));
    const status = await cli(['status']);
    expect(status.stdout).toContain(`No confirmation code: the server's new certificate is not valid before ${notBefore.toISOString().slice(0, 10)}. Check this device's date and time`);
    expect(status.stdout).not.toMatch(/code: \?/);
  });

  it('shows the code while it can be computed, and says to enroll again once the device key is gone', async () => {
    await pendingReplacement(makeCert(h.certs, 'ksc-next.example.test'));
    const withKey = await cli(['status']);
    expect(withKey.stdout).toMatch(/Tell the administrator this confirmation code: \d{4}-\d{4}\n/);

    rmSync(join(h.dataDir, 'management', 'device.key'));
    const status = await cli(['status']);
    expect(status.stdout).toContain('Management server: no-device-key');
    expect(status.stdout).toContain("No confirmation code: this device's key is missing, so no code can be computed. Enroll the device again");
    expect(status.stdout).not.toMatch(/code: \?|\d{4}-\d{4}/);
  });
});
