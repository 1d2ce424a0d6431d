import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileIfExists, withDirLock, writeFileDurable, writeFilesDurable } from './durable-file';
import { buildChild } from '../../../test/support/build-child';
import { runChild, startChildUntil } from './test-support/processes';

let work: string;
let child: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'thincert-durable-'));
  child = await buildChild(new URL('./test-support/store-child.ts', import.meta.url), work);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function freshDir(): Promise<string> {
  return mkdtemp(join(work, 'case-'));
}

describe('writeFileDurable', () => {
  it('replaces an existing file whole and leaves no temporary file behind', async () => {
    const dir = await freshDir();
    const path = join(dir, 'file.json');
    await writeFile(path, 'old contents that are longer than the new ones');
    await writeFileDurable(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['file.json']);
  });

  it('writes Buffers and applies the requested mode', async () => {
    const dir = await freshDir();
    const path = join(dir, 'secret');
    await writeFileDurable(path, Buffer.from([0, 1, 2]), { mode: 0o600 });
    expect([...(await readFile(path))]).toEqual([0, 1, 2]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('fails with file-write-failed, naming the file and the cause in words, when its folder is missing', async () => {
    const path = join(work, 'no-such-folder', 'file');
    await expect(writeFileDurable(path, 'x')).rejects.toMatchObject({
      code: 'file-write-failed',
      message: `Could not write ${path}: its folder does not exist.`,
      params: { path, reason: 'its folder does not exist' },
    });
  });

  it('says a folder is a folder, and leaves no temp file beside it', async () => {
    const folder = join(work, 'a-folder');
    await mkdir(folder);
    await expect(writeFileDurable(folder, 'x')).rejects.toMatchObject({ code: 'file-write-failed', message: `Could not write ${folder}: it is a folder.` });
    expect((await readdir(work)).filter((name) => name.startsWith('a-folder'))).toEqual(['a-folder']);
  });
});

describe('writeFilesDurable', () => {
  it('replaces group after group: a later group sees the earlier one replaced, and a failure before it leaves it and no temp file', async () => {
    const dir = await freshDir();
    const sub = join(dir, 'sub');
    await mkdir(sub);
    await writeFile(join(dir, 'store.json'), 'old store');
    await writeFile(join(sub, 'bundle.pem'), 'old bundle');
    const seen: string[] = [];
    await expect(
      writeFilesDurable([
        { files: [{ path: join(dir, 'store.json'), data: 'new store' }] },
        {
          files: [{ path: join(sub, 'bundle.pem'), data: 'new bundle' }, { path: join(sub, 'other.pem'), data: 'other' }],
          before: async () => {
            seen.push(await readFile(join(dir, 'store.json'), 'utf8'), await readFile(join(sub, 'bundle.pem'), 'utf8'));
            throw new Error('stopped between the groups');
          },
        },
      ]),
    ).rejects.toThrow('stopped between the groups');
    expect(seen).toEqual(['new store', 'old bundle']);
    expect(await readFile(join(dir, 'store.json'), 'utf8')).toBe('new store');
    expect(await readFile(join(sub, 'bundle.pem'), 'utf8')).toBe('old bundle');
    expect((await readdir(dir)).sort()).toEqual(['store.json', 'sub']);
    expect(await readdir(sub)).toEqual(['bundle.pem']);

    await writeFilesDurable([{ files: [{ path: join(dir, 'store.json'), data: 'third', mode: 0o640 }] }, { files: [{ path: join(sub, 'bundle.pem'), data: 'new bundle', mode: 0o644 }] }]);
    expect(await readFile(join(sub, 'bundle.pem'), 'utf8')).toBe('new bundle');
    expect((await stat(join(dir, 'store.json'))).mode & 0o777).toBe(0o640);
    expect((await stat(join(sub, 'bundle.pem'))).mode & 0o777).toBe(0o644);
    expect(await readdir(sub)).toEqual(['bundle.pem']);
  });

  it('names the file it could not write and removes every temp file, also those of files that were written', async () => {
    const dir = await freshDir();
    const path = join(dir, 'missing-folder', 'file');
    await expect(writeFilesDurable([{ files: [{ path: join(dir, 'fine'), data: 'x' }, { path, data: 'y' }] }])).rejects.toMatchObject({
      code: 'file-write-failed',
      params: { path },
    });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('readFileIfExists', () => {
  it('gives null for a missing file and the bytes otherwise', async () => {
    const dir = await freshDir();
    expect(await readFileIfExists(join(dir, 'missing'))).toBeNull();
    await writeFile(join(dir, 'present'), 'here');
    expect((await readFileIfExists(join(dir, 'present')))?.toString()).toBe('here');
  });
});

describe('withDirLock', () => {
  it('runs holders in one process one at a time and releases after a throw', async () => {
    const dir = await freshDir();
    let inside = 0;
    let most = 0;
    const holders = Array.from({ length: 10 }, (_, i) =>
      withDirLock(dir, async () => {
        inside++;
        most = Math.max(most, inside);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inside--;
        if (i === 3) throw new Error('holder 3 fails');
        return i;
      }),
    );
    const settled = await Promise.allSettled(holders);
    expect(most).toBe(1);
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(1);
    await expect(withDirLock(dir, () => Promise.resolve('free again'))).resolves.toBe('free again');
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a nested lock on the same folder at once instead of waiting on itself', async () => {
    const dir = await freshDir();
    await expect(withDirLock(dir, () => withDirLock(dir, () => Promise.resolve()))).rejects.toMatchObject({ code: 'folder-lock-nested' });
    const other = await freshDir();
    await expect(withDirLock(dir, () => withDirLock(other, () => Promise.resolve('other folder')))).resolves.toBe('other folder');
  });

  it('fails at once with folder-lock-failed when the folder does not exist', async () => {
    const started = Date.now();
    await expect(withDirLock(join(work, 'missing'), () => Promise.resolve())).rejects.toMatchObject({ code: 'folder-lock-failed' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('lets 20 processes bumping a counter 5 times each all through: the counter ends at 100', async () => {
    const dir = await freshDir();
    const exits = await Promise.all(Array.from({ length: 20 }, () => runChild(child, ['lock-counter', dir, '5'])));
    for (const exit of exits) expect(exit).toMatchObject({ code: 0, stderr: '' });
    expect(await readFile(join(dir, 'counter'), 'utf8')).toBe('100');
  });

  it('refuses with folder-busy while a live holder keeps the lock, and takes over once a SIGKILLed holder goes stale', async () => {
    const dir = await freshDir();
    const staleMs = 2000;
    const { child: holder, exit } = await startChildUntil(child, ['hold-lock', dir, String(staleMs)], 'locked');
    await expect(withDirLock(dir, () => Promise.resolve(), { staleMs, waitMs: 3000 })).rejects.toMatchObject({ code: 'folder-busy' });
    holder.kill('SIGKILL');
    await exit.catch(() => undefined);
    const started = Date.now();
    await expect(withDirLock(dir, () => Promise.resolve('taken over'), { staleMs })).resolves.toBe('taken over');
    expect(Date.now() - started).toBeLessThan(staleMs + 2000);
  });
});
