/**
 * Issue 13, hole 1: the `enroll` channel cannot move an enrolled (managed)
 * device to another management server; only the administrator can, with
 * `thincert enroll HOST --move-from-server CURRENT`, and the audit trail names
 * the old and the new server and pin. Against two real ksc-sim servers.
 */
import { existsSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createService } from '../core/create-service';
import { makeCert, tempDir } from '../core/management/test-support/certs';
import { main as kscSim, type RunningSim } from '../sim/ksc-sim';
import { captureIo } from '../sim/test-support/fixtures';
import { startHarness, type Harness } from '../sim/test-support/harness';
import { thincert } from './test-support/capture';

let h: Harness;
let other: RunningSim;
let otherCert: ReturnType<typeof makeCert>;
let otherData: string;
beforeEach(async () => {
  h = await startHarness();
  otherData = tempDir('sim-other');
  otherCert = makeCert(h.certs, 'ksc-other.example.test');
  other = await kscSim(['--data', otherData, '--cert', otherCert.cert, '--key', otherCert.key, '--port', '0'], captureIo().io);
});
afterEach(async () => {
  await other.close();
  await h.close();
});

const cli = (args: string[]) => thincert(h.dataDir, args);
const stateFile = () => readFile(join(h.dataDir, 'management', 'state.json'), 'utf8');
type Records = { records: { event: string; actor: string; details: Record<string, unknown> }[] };
const auditRecords = async () => (JSON.parse((await cli(['audit', '--json'])).stdout) as Records).records;

/** Enrolled with the harness's sim, in managed mode. */
async function managedDevice(): Promise<string> {
  const enrolled = await cli(['enroll', `127.0.0.1:${h.sim.port}`, '--accept-fingerprint', h.original.fingerprint, '--json']);
  expect(enrolled.status).toBe(0);
  await h.admin('policy', '--managed', 'true', '--contact-name', 'IT desk');
  expect((await cli(['sync'])).status).toBe(0);
  expect(JSON.parse((await cli(['status', '--json'])).stdout)).toMatchObject({ mode: 'managed' });
  return (JSON.parse(enrolled.stdout) as { deviceId: string }).deviceId;
}

describe('enrolling a device that is enrolled', () => {
  it('the channel refuses, whoever asks, naming the current server, and changes nothing', async () => {
    await managedDevice();
    const before = await stateFile();
    const service = createService({ dataDir: h.dataDir, clock: h.clock });
    try {
      for (const actor of ['ui', 'cli'] as const) {
        for (const target of [
          { host: '127.0.0.1', port: other.port, fingerprint: otherCert.fingerprint },
          { host: '127.0.0.1', port: h.sim.port, fingerprint: h.original.fingerprint },
        ]) {
          const answer = await service.dispatch('enroll', target, { actor });
          expect(answer).toMatchObject({ ok: false, error: { code: 'already-enrolled', params: { server: `127.0.0.1:${h.sim.port}` } } });
        }
      }
      // The move is not a field of the channel: a renderer cannot ask for it.
      const smuggled = await service.dispatch(
        'enroll',
        { host: '127.0.0.1', port: other.port, fingerprint: otherCert.fingerprint, moveFrom: { host: '127.0.0.1', port: h.sim.port } },
        { actor: 'ui' },
      );
      expect(smuggled).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    } finally {
      await service.close();
    }
    expect(await stateFile()).toBe(before);
    expect(JSON.parse((await cli(['status', '--json'])).stdout)).toMatchObject({ mode: 'managed', management: { server: `127.0.0.1:${h.sim.port}` } });
    expect(Object.keys(h.devicesOnServer())).toHaveLength(1);
    // Refused before any connection: the other server never heard of this device.
    expect(existsSync(join(otherData, 'devices.json'))).toBe(false);
  });

  it('the CLI refuses without --move-from-server, or when it names another server', async () => {
    await managedDevice();
    const before = await stateFile();
    const plain = await cli(['enroll', `127.0.0.1:${other.port}`, '--accept-fingerprint', otherCert.fingerprint]);
    expect(plain.status).toBe(1);
    expect(plain.stderr).toContain(`already enrolled with 127.0.0.1:${h.sim.port}`);
    expect(plain.stderr).toContain('--move-from-server');
    const wrong = await cli(['enroll', `127.0.0.1:${other.port}`, '--accept-fingerprint', otherCert.fingerprint, '--move-from-server', `127.0.0.1:${other.port}`]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(`enrolled with 127.0.0.1:${h.sim.port}, not 127.0.0.1:${other.port}`);
    expect(await stateFile()).toBe(before);
  });

  it('moves with --move-from-server naming the current server, recorded as an enrollment with old and new server and pin', async () => {
    const deviceId = await managedDevice();
    // The same device id on the new server: before the fix only `rotation-taken` was recorded.
    const moved = await cli([
      'enroll', `127.0.0.1:${other.port}`, '--accept-fingerprint', otherCert.fingerprint,
      '--device-id', deviceId, '--move-from-server', `127.0.0.1:${h.sim.port}`, '--json',
    ]);
    expect(moved.status).toBe(0);
    expect(JSON.parse(moved.stdout)).toMatchObject({ state: 'ok', server: `127.0.0.1:${other.port}`, deviceId, pinnedFingerprint: otherCert.fingerprint });
    const records = await auditRecords();
    const enrollments = records.filter((r) => r.event === 'enrolled');
    expect(enrollments).toHaveLength(2);
    expect(enrollments[1]).toMatchObject({
      actor: 'cli',
      details: {
        server: `127.0.0.1:${other.port}`,
        deviceId,
        fingerprint: otherCert.fingerprint,
        previousServer: `127.0.0.1:${h.sim.port}`,
        previousDeviceId: deviceId,
        previousFingerprint: h.original.fingerprint,
      },
    });
    expect(records.map((r) => r.event)).not.toContain('rotation-taken');
    expect((await cli(['audit', '--verify'])).status).toBe(0);
  });

  it('the default port of --move-from-server is the management port', async () => {
    await managedDevice();
    const moved = await cli(['enroll', `127.0.0.1:${other.port}`, '--accept-fingerprint', otherCert.fingerprint, '--move-from-server', '127.0.0.1']);
    // 127.0.0.1 means 127.0.0.1:13292, which is not the server this device uses.
    expect(moved.status).toBe(1);
    expect(moved.stderr).toContain('not 127.0.0.1:13292');
  });
});

describe('a device whose key is lost (PROTOCOL.md §4, last paragraph)', () => {
  it('may enroll with the same server again through the channel, never with another', async () => {
    await managedDevice();
    rmSync(join(h.dataDir, 'management', 'device.key'));
    const service = createService({ dataDir: h.dataDir, clock: h.clock });
    try {
      const elsewhere = await service.dispatch('enroll', { host: '127.0.0.1', port: other.port, fingerprint: otherCert.fingerprint }, { actor: 'ui' });
      expect(elsewhere).toMatchObject({ ok: false, error: { code: 'already-enrolled' } });
      const again = await service.dispatch('enroll', { host: '127.0.0.1', port: h.sim.port, fingerprint: h.original.fingerprint }, { actor: 'ui' });
      expect(again).toMatchObject({ ok: true, value: { state: 'ok', server: { host: '127.0.0.1', port: h.sim.port } } });
    } finally {
      await service.close();
    }
    expect((await auditRecords()).filter((r) => r.event === 'enrolled')).toHaveLength(2);
  });
});
