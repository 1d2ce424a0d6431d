/** Issue 14: one lock for a whole change. Writers inside a shared hold on the same folder write under it instead of being refused. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDirLock } from './dir-lock';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'thincert-lock-shared-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('withDirLock with shared', () => {
  it('runs an inner lock of the same folder inside the hold, at once, while others in the process still wait for the hold', async () => {
    const dir = await mkdtemp(join(work, 'shared-'));
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let innerRan: () => void = () => undefined;
    const innerDone = new Promise<void>((resolve) => {
      innerRan = resolve;
    });
    const outer = withDirLock(
      dir,
      async () => {
        order.push('outer');
        // The same folder again, as the store's update inside an audited change: no second lock, no refusal.
        const inner = await withDirLock(`${dir}/`, async () => {
          order.push('inner');
          return 'inner done';
        });
        innerRan();
        await gate;
        order.push('outer end');
        return inner;
      },
      { outermost: true, shared: true },
    );
    // Another holder in the same process is not inside the hold: it waits for it to end.
    const other = withDirLock(dir, async () => {
      order.push('other');
    });
    await innerDone;
    // Time for the other holder to get in, were it not kept out.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(order).toEqual(['outer', 'inner']);
    release();
    await expect(outer).resolves.toBe('inner done');
    await other;
    expect(order).toEqual(['outer', 'inner', 'outer end', 'other']);
    expect(await readdir(dir)).toEqual([]);
  });

  it('still refuses a nested lock of the same folder when the outer hold is not shared', async () => {
    const dir = await mkdtemp(join(work, 'plain-'));
    await expect(withDirLock(dir, () => withDirLock(dir, () => Promise.resolve()))).rejects.toMatchObject({ code: 'folder-lock-nested' });
  });

  it('makes a call left running after the hold ended take the lock itself', async () => {
    const dir = await mkdtemp(join(work, 'late-'));
    let late: Promise<string> | undefined;
    await withDirLock(
      dir,
      async () => {
        late = new Promise<void>((resolve) => setTimeout(resolve, 30)).then(() =>
          withDirLock(dir, async () => (await readdir(dir)).includes('.lock') ? 'locked by itself' : 'unlocked'),
        );
      },
      { shared: true },
    );
    await expect(late).resolves.toBe('locked by itself');
  });
});
