/** Lock order (issue 13): a lock others take inside theirs is refused when taken second, instead of risking a cross-process deadlock. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDirLock } from './dir-lock';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'thincert-lock-order-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('withDirLock with outermost', () => {
  it('refuses at once inside another folder lock, runs when taken first, and others may nest inside it', async () => {
    const first = await mkdtemp(join(work, 'first-'));
    const other = await mkdtemp(join(work, 'other-'));
    const started = Date.now();
    await expect(withDirLock(other, () => withDirLock(first, () => Promise.resolve('inside'), { outermost: true }))).rejects.toMatchObject({
      code: 'folder-lock-nested',
      params: { path: first },
    });
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(withDirLock(first, () => withDirLock(other, () => Promise.resolve('nested')), { outermost: true })).resolves.toBe('nested');
  });
});
