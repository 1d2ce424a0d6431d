/**
 * Hole 9 for the management folder: a planted `management` link must not make
 * enrollment chmod or write into the folder it points to (chmod follows links).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, lstatSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createService } from '../core/create-service';
import { startHarness, type Harness } from './test-support/harness';
import { tempDir } from './test-support/fixtures';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('a management folder that is a link', () => {
  it('is refused at enrollment: the linked folder keeps its mode and gets no key or state', async () => {
    const outside = join(tempDir('outside'), 'victim-folder');
    mkdirSync(outside);
    chmodSync(outside, 0o755);
    symlinkSync(outside, join(h.dataDir, 'management'));
    const service = createService({ dataDir: h.dataDir, clock: h.clock });
    try {
      const preview = await service.dispatch('managementPreview', { host: '127.0.0.1', port: h.sim.port }, { actor: 'cli' });
      expect(preview.ok).toBe(true);
      const fingerprint = preview.ok ? (preview.value as { fingerprint: string }).fingerprint : '';
      const answer = await service.dispatch('enroll', { host: '127.0.0.1', port: h.sim.port, fingerprint }, { actor: 'cli' });
      expect(answer).toMatchObject({ ok: false, error: { code: 'data-dir-unsafe' } });
    } finally {
      await service.close();
    }
    expect(lstatSync(outside).mode & 0o777).toBe(0o755);
    expect(readdirSync(outside)).toEqual([]);
  });
});
