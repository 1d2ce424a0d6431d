import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyRecord, readDeviceKey, readRecord, updateRecord, writeDeviceKey } from './state';
import { statusOf } from './status';

function dataDir(): string {
  return mkdtempSync(join(tmpdir(), 'thincert-mgmt-state-'));
}

describe('management state on disk', () => {
  it('a fresh data folder is a device that never enrolled, and reading leaves no trace', async () => {
    const dir = dataDir();
    expect(await readRecord(dir)).toEqual(emptyRecord());
    expect(statusOf(await readRecord(dir), null, new Date()).state).toBe('not-enrolled');
    expect(() => statSync(join(dir, 'management'))).toThrow();
  });

  it('writes state.json and device.key privately', async () => {
    const dir = dataDir();
    const key = Buffer.alloc(32, 7);
    await updateRecord(dir, async (record) => {
      await writeDeviceKey(dir, key);
      return { record: { ...record, deviceId: 'tc-1' }, result: null };
    });
    expect(statSync(join(dir, 'management')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'management', 'device.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'management', 'state.json')).mode & 0o777).toBe(0o600);
    expect(await readDeviceKey(dir)).toEqual(key);
    expect((await readRecord(dir)).deviceId).toBe('tc-1');
  });

  it('reads K written as base64 by hand, and treats anything else as no key', async () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'management'));
    const key = Buffer.alloc(32, 9);
    writeFileSync(join(dir, 'management', 'device.key'), `${key.toString('base64')}\n`);
    expect(await readDeviceKey(dir)).toEqual(key);
    writeFileSync(join(dir, 'management', 'device.key'), Buffer.alloc(31));
    expect(await readDeviceKey(dir)).toBeNull();
  });

  it('an enrolled device without K says no-device-key', () => {
    const record = { ...emptyRecord(), deviceId: 'tc-1', server: { host: 'h', port: 1, connectTo: null }, pinned: { fingerprint: 'AA', pem: '' } };
    expect(statusOf(record, null, new Date()).state).toBe('no-device-key');
  });

  it('a damaged state.json is a refusal with a code, not a crash', async () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'management'));
    writeFileSync(join(dir, 'management', 'state.json'), '{"version": 1');
    await expect(readRecord(dir)).rejects.toMatchObject({ code: 'management-state-damaged' });
  });

  it('throwing inside an update leaves the file as it was', async () => {
    const dir = dataDir();
    await updateRecord(dir, async (record) => ({ record: { ...record, failedAttempts: 2 }, result: null }));
    await expect(
      updateRecord(dir, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await readRecord(dir)).failedAttempts).toBe(2);
  });
});
