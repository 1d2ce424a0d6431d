import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCertStore } from './cert-store';
import { storeFilePath } from './layout';
import { MIGRATIONS, migrateToCurrent, schemaVersionOf } from './migrations';
import { makeCertificates } from './test-support/fixtures';
import { STORE_SCHEMA_VERSION, type StoredCertificate } from './types';

let work: string;
let certs: StoredCertificate[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'thincert-migrations-'));
  certs = await makeCertificates(work, 2);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function legacyStore(file: unknown) {
  const dir = await mkdtemp(join(work, 'case-'));
  await mkdir(dir, { recursive: true });
  await writeFile(storeFilePath(dir), JSON.stringify(file));
  return openCertStore(dir);
}

function fixture(index: number): StoredCertificate {
  const found = certs[index];
  if (found === undefined) throw new Error(`no fixture ${index}`);
  return found;
}

describe('store migrations', () => {
  it('cover every schema below the current one, one step each, in order', () => {
    expect(MIGRATIONS.map((migration) => migration.from)).toEqual(Array.from({ length: STORE_SCHEMA_VERSION }, (_, i) => i));
  });

  it('treat a file without schemaVersion as schema 0 and refuse a non-integer one', () => {
    expect(schemaVersionOf({ certificates: [] })).toBe(0);
    expect(schemaVersionOf({ schemaVersion: 1.5 })).toBe('invalid');
    expect(schemaVersionOf({ schemaVersion: -1 })).toBe('invalid');
  });

  it('turn a v0 file (no schemaVersion, certificates as an array) into the keyed store on read', async () => {
    const [a, b] = [fixture(0), fixture(1)];
    const store = await legacyStore({ certificates: [a, b] });
    expect(await store.read()).toEqual({
      schemaVersion: STORE_SCHEMA_VERSION,
      certificates: { [a.fingerprint]: a, [b.fingerprint]: b },
    });
  });

  it('leave the v0 file as it was on read and write the current schema on the next update', async () => {
    const a = fixture(0);
    const store = await legacyStore({ certificates: [a] });
    const before = await readFile(storeFilePath(store.dir), 'utf8');
    await store.read();
    expect(await readFile(storeFilePath(store.dir), 'utf8')).toBe(before);
    await store.update((state) => ({ state, result: undefined }));
    expect(JSON.parse(await readFile(storeFilePath(store.dir), 'utf8'))).toEqual({
      schemaVersion: STORE_SCHEMA_VERSION,
      certificates: { [a.fingerprint]: a },
    });
  });

  it('merge the purposes of a certificate a v0 file lists twice', () => {
    const a = fixture(0);
    const migrated = migrateToCurrent({ certificates: [{ ...a, purposes: ['rdp'] }, { ...a, purposes: ['ksc', 'rdp'] }] }, 0);
    expect(migrated).toEqual({ schemaVersion: 1, certificates: { [a.fingerprint]: { ...a, purposes: ['rdp', 'ksc'] } } });
  });

  it('report a v0 entry without a fingerprint as damage instead of dropping it', async () => {
    const { fingerprint: _dropped, ...nameless } = fixture(0);
    const store = await legacyStore({ certificates: [nameless] });
    await expect(store.read()).rejects.toMatchObject({ code: 'store-damaged', message: expect.stringContaining('certificate #0') as unknown });
  });
});
