/**
 * What `status` tells a person while a replacement is required (issue 7): the
 * confirmation code and the new certificate itself, from the device's own
 * record, so the window can show its subject and validity even offline.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

describe('status while a replacement is required', () => {
  it('names the pending certificate with its details, also once the server is gone', async () => {
    const cli = (args: string[]) => thincert(h.dataDir, args);
    expect((await cli(['enroll', `127.0.0.1:${h.sim.port}`, '--accept-fingerprint', h.original.fingerprint])).status).toBe(0);
    const rotated = makeCert(h.certs, 'ksc-next.example.test');
    await h.admin('rotate', '--cert', rotated.cert, '--key', rotated.key);
    expect((await cli(['sync'])).status).toBe(4);
    await h.close();

    const status = JSON.parse((await cli(['status', '--json'])).stdout) as {
      management: { state: string; confirmationCode: string; pendingCertificate: { fingerprint: string; subject: string; notAfter: string } | null };
    };
    expect(status.management.state).toBe('replacement-required');
    expect(status.management.confirmationCode).toMatch(/^\d{4}-\d{4}$/);
    expect(status.management.pendingCertificate).toMatchObject({ fingerprint: rotated.fingerprint, subject: expect.stringContaining('ksc-next.example.test') as unknown });
  });
});
