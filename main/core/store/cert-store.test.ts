import { mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURPOSES, type Purpose } from '../../../app/purposes';
import { fixedClock } from '../clock';
import { ThinCertError } from '../errors';
import { openCertStore } from './cert-store';
import { bundlePath, storeFilePath } from './layout';
import { bundleFingerprints, opensslCount } from './test-support/bundle-check';
import { makeCertificates } from './test-support/fixtures';
import { STORE_SCHEMA_VERSION, type CertStore, type StoreState, type StoredCertificate } from './types';

let work: string;
let certs: StoredCertificate[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'thincert-store-'));
  certs = await makeCertificates(work, 6);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function freshStore(): Promise<CertStore> {
  return openCertStore(join(await mkdtemp(join(work, 'case-')), 'data'), {
    clock: fixedClock(new Date('2025-03-04T05:06:07.089Z')),
  });
}

function cert(index: number, purposes: Purpose[]): StoredCertificate {
  const base = certs[index];
  if (base === undefined) throw new Error(`no fixture ${index}`);
  return { ...base, purposes };
}

function put(...added: StoredCertificate[]) {
  return (state: StoreState) => ({
    state: { ...state, certificates: { ...state.certificates, ...Object.fromEntries(added.map((c) => [c.fingerprint, c])) } },
    result: added.length,
  });
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of await readdir(dir, { recursive: true })) {
    const path = join(dir, name);
    if ((await stat(path)).isFile()) files[name] = (await readFile(path)).toString('base64');
  }
  return files;
}

describe('openCertStore', () => {
  it('reads an empty store from a folder that does not exist, without creating it', async () => {
    const store = await freshStore();
    expect(await store.read()).toEqual({ schemaVersion: STORE_SCHEMA_VERSION, certificates: {} });
    await expect(stat(store.dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('creates the folder with mode 0700 and store.json with 0600 on the first update', async () => {
    const store = await freshStore();
    await store.update(put(cert(0, ['rdp'])));
    expect((await stat(store.dir)).mode & 0o777).toBe(0o700);
    expect((await stat(storeFilePath(store.dir))).mode & 0o777).toBe(0o600);
  });

  it('gives back what was written, with the result of the change', async () => {
    const store = await freshStore();
    const written = [cert(0, ['rdp']), cert(1, ['ksc', 'broker'])];
    await expect(store.update(put(...written))).resolves.toBe(2);
    const state = await store.read();
    expect(state.schemaVersion).toBe(STORE_SCHEMA_VERSION);
    expect(state.certificates).toEqual(Object.fromEntries(written.map((c) => [c.fingerprint, c])));
    const onDisk = JSON.parse(await readFile(storeFilePath(store.dir), 'utf8')) as StoreState;
    expect(onDisk.schemaVersion).toBe(STORE_SCHEMA_VERSION);
  });

  it('reads back after its own update what another process reads, sharing nothing with the state the change returned', async () => {
    const store = await freshStore();
    const added = cert(0, ['rdp']);
    const returned: StoreState[] = [];
    await store.update((state) => {
      const next = { ...state, certificates: { ...state.certificates, [added.fingerprint]: added } };
      returned.push(next);
      return { state: next, result: undefined };
    });
    const mine = await store.read();
    expect(mine).toEqual(await openCertStore(store.dir).read());
    expect(mine).not.toBe(returned[0]);
    expect(mine.certificates[added.fingerprint]).not.toBe(returned[0]?.certificates[added.fingerprint]);
  });

  it('writes one PEM bundle per purpose that OpenSSL reads, in fingerprint order, empty when no certificate has the purpose', async () => {
    const store = await freshStore();
    const a = cert(0, ['rdp', 'ksc']);
    const b = cert(1, ['rdp']);
    const c = cert(2, ['logServer', 'rdp']);
    await store.update(put(a, b, c));
    const expected: Record<Purpose, StoredCertificate[]> = { ksc: [a], rdp: [a, b, c], broker: [], logServer: [c] };
    for (const purpose of PURPOSES) {
      const path = bundlePath(store.dir, purpose);
      expect(await opensslCount(path), purpose).toBe(expected[purpose].length);
      expect(await bundleFingerprints(path), purpose).toEqual(expected[purpose].map((x) => x.fingerprint).sort());
    }
    expect((await stat(bundlePath(store.dir, 'broker'))).size).toBe(0);
  });

  it('rewrites a bundle when a certificate loses its purpose or is removed', async () => {
    const store = await freshStore();
    const a = cert(0, ['rdp', 'ksc']);
    const b = cert(1, ['rdp']);
    await store.update(put(a, b));
    await store.update(put({ ...a, purposes: ['ksc'] }));
    expect(await bundleFingerprints(bundlePath(store.dir, 'rdp'))).toEqual([b.fingerprint]);
    await store.update((state) => {
      const { [a.fingerprint]: _removed, ...rest } = state.certificates;
      return { state: { ...state, certificates: rest }, result: undefined };
    });
    expect(await opensslCount(bundlePath(store.dir, 'ksc'))).toBe(0);
    expect(await opensslCount(bundlePath(store.dir, 'rdp'))).toBe(1);
  });

  it('repairs a bundle that is behind store.json (a crash between the two) on the next update', async () => {
    const store = await freshStore();
    await store.update(put(cert(0, ['broker'])));
    await writeFile(bundlePath(store.dir, 'broker'), '');
    await store.update(put(cert(1, ['rdp'])));
    expect(await opensslCount(bundlePath(store.dir, 'broker'))).toBe(1);
  });

  it('leaves store.json and every bundle byte-identical when the change throws, and passes the error on', async () => {
    const store = await freshStore();
    await store.update(put(cert(0, ['rdp']), cert(1, ['ksc'])));
    const before = await snapshot(store.dir);
    const refusal = new ThinCertError('not-on-media', 'no');
    await expect(
      store.update((state) => {
        state.certificates = {};
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    expect(await snapshot(store.dir)).toEqual(before);
  });

  it('refuses a change that would leave an entry it could not read back, writing nothing', async () => {
    const store = await freshStore();
    await store.update(put(cert(0, ['rdp'])));
    const before = await snapshot(store.dir);
    const lowerCase = cert(1, ['rdp']);
    const key = lowerCase.fingerprint.toLowerCase();
    await expect(store.update(put({ ...lowerCase, fingerprint: key }))).rejects.toMatchObject({
      code: 'store-invalid-change',
      message: expect.stringContaining('fingerprint is not SHA-256') as unknown,
    });
    expect(await snapshot(store.dir)).toEqual(before);
  });

  it('writes nothing when the change returns no new state', async () => {
    const store = await freshStore();
    await store.update(put(cert(0, ['rdp'])));
    const before = await snapshot(store.dir);
    const storeMtime = (await stat(storeFilePath(store.dir))).mtimeMs;
    await expect(store.update(() => ({ state: null, result: 'unchanged' }))).resolves.toBe('unchanged');
    expect(await snapshot(store.dir)).toEqual(before);
    expect((await stat(storeFilePath(store.dir))).mtimeMs).toBe(storeMtime);
  });

  it('runs concurrent updates of one process one after another so none is lost', async () => {
    const store = await freshStore();
    await Promise.all(certs.map((c) => store.update(put({ ...c, purposes: ['rdp'] }))));
    expect(Object.keys((await store.read()).certificates)).toHaveLength(certs.length);
    expect(await opensslCount(bundlePath(store.dir, 'rdp'))).toBe(certs.length);
  });
});

describe('a damaged store.json', () => {
  async function damagedStore(contents: string): Promise<CertStore> {
    const store = await freshStore();
    await mkdir(store.dir, { recursive: true });
    await writeFile(storeFilePath(store.dir), contents);
    return store;
  }

  const asideName = 'store.json.damaged-2025-03-04T050607.089Z';

  const damage: Array<[string, string, string]> = [
    ['is cut short', '{"schemaVersion":1,"certificates":{', 'not valid JSON'],
    ['is not an object', '[]', 'not a JSON object'],
    ['has certificates as a list', '{"schemaVersion":1,"certificates":[]}', 'not an object keyed by fingerprint'],
    ['has a text schemaVersion', '{"schemaVersion":"1","certificates":{}}', 'schemaVersion'],
  ];

  it.each(damage)('that %s is reported as store-damaged, naming the file, the copy and what to do', async (_case, contents, reason) => {
    const store = await damagedStore(contents);
    const error = await store.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThinCertError);
    expect(error).toMatchObject({ code: 'store-damaged', params: { path: storeFilePath(store.dir), copy: join(store.dir, asideName) } });
    const message = (error as ThinCertError).message;
    expect(message).toContain(storeFilePath(store.dir));
    expect(message).toContain(join(store.dir, asideName));
    expect(message).toContain(reason);
    expect(message).toMatch(/Restore the file from a backup/);
    expect(await readFile(join(store.dir, asideName), 'utf8')).toBe(contents);
  });

  it('names an entry whose fingerprint, DER or purposes are wrong', async () => {
    const good = cert(0, ['rdp']);
    const cases: Array<[Partial<StoredCertificate> | Record<string, unknown>, string]> = [
      [{ fingerprint: 'AB:CD' }, 'fingerprint is not SHA-256'],
      [{ der: 'not base64!' }, 'der is not base64'],
      [{ purposes: ['rdp', 'printer'] }, 'purposes'],
      [{ fingerprint: cert(1, []).fingerprint }, 'differs from its key'],
    ];
    for (const [patch, reason] of cases) {
      const store = await damagedStore(JSON.stringify({ schemaVersion: 1, certificates: { [good.fingerprint]: { ...good, ...patch } } }));
      await expect(store.read()).rejects.toMatchObject({ code: 'store-damaged', message: expect.stringContaining(reason) as unknown });
    }
  });

  it('is kept aside once, refused by update and never overwritten', async () => {
    const contents = '{"schemaVersion":1,"certif';
    const placed = await damagedStore(contents);
    let tick = Date.parse('2025-03-04T05:06:07.089Z');
    // A clock that moves on every call, so a second copy would get a second name.
    const store = openCertStore(placed.dir, { clock: { now: () => new Date(tick++) } });
    await expect(store.read()).rejects.toMatchObject({ code: 'store-damaged' });
    await expect(store.read()).rejects.toMatchObject({ code: 'store-damaged' });
    let ran = false;
    await expect(
      store.update((state) => {
        ran = true;
        return { state, result: undefined };
      }),
    ).rejects.toMatchObject({ code: 'store-damaged' });
    expect(ran).toBe(false);
    expect(await readFile(storeFilePath(store.dir), 'utf8')).toBe(contents);
    expect((await readdir(store.dir)).sort()).toEqual(['store.json', asideName]);
  });

  it('written by a newer ThinCert is reported as store-too-new, kept aside and not overwritten', async () => {
    const contents = JSON.stringify({ schemaVersion: STORE_SCHEMA_VERSION + 1, certificates: {}, somethingNew: true });
    const store = await damagedStore(contents);
    const error = await store.read().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'store-too-new', params: { schemaVersion: STORE_SCHEMA_VERSION + 1 } });
    expect((error as Error).message).toContain(join(store.dir, asideName));
    await expect(store.update(put(cert(0, ['rdp'])))).rejects.toMatchObject({ code: 'store-too-new' });
    expect(await readFile(storeFilePath(store.dir), 'utf8')).toBe(contents);
  });
});

describe('a large store', () => {
  it('lists 10,000 certificates and adds one more, never re-deriving stored details', async () => {
    const store = await freshStore();
    const template = cert(0, ['rdp']);
    // Distinct keys over one real DER: the store trusts stored details and never re-derives them.
    const many: Record<string, StoredCertificate> = {};
    for (let i = 0; i < 10_000; i++) {
      const fingerprint = i.toString(16).toUpperCase().padStart(64, '0').match(/../g)!.join(':');
      many[fingerprint] = { ...template, fingerprint, details: { ...template.details, fingerprint } };
    }
    await store.update((state) => ({ state: { ...state, certificates: many }, result: undefined }));

    let started = performance.now();
    const listed = await store.read();
    const readMs = performance.now() - started;
    expect(Object.keys(listed.certificates)).toHaveLength(10_000);
    // These details cannot be derived from the DER: they came from store.json as written.
    const [someKey, someEntry] = Object.entries(many)[1234] ?? [];
    expect(someKey !== undefined && listed.certificates[someKey]).toEqual(someEntry);

    started = performance.now();
    await store.update(put(cert(1, ['ksc'])));
    const updateMs = performance.now() - started;
    console.info(`10,000 certificates: read ${readMs.toFixed(0)} ms, update ${updateMs.toFixed(0)} ms, store.json ${(await stat(storeFilePath(store.dir))).size} bytes`);
    // Speed is npm run bench's to judge (issue 8), not a timed test's; this one proves the behaviour.
    const after = await store.read();
    expect(Object.keys(after.certificates)).toHaveLength(10_001);
  });
});
