/**
 * Issue 13 follow-up: where the log server goes is audited with its old value.
 * Two Services on one data folder (the app and a CLI) setting it at once must
 * leave a trail whose `from` is always the value the previous change left, and
 * whose last `to` is what the settings file holds.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createService } from '../create-service';

const services: ReturnType<typeof createService>[] = [];
afterEach(async () => {
  for (const service of services.splice(0)) await service.close();
});

function open(dataDir: string) {
  const service = createService({ dataDir });
  services.push(service);
  return service;
}

interface Change {
  from: string | null;
  to: string | null;
}

describe('log server changes in the audit trail', () => {
  it("records each change's true old value while two Services on one data folder set it at once", async () => {
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-logserver-')), 'data');
    const app = open(dataDir);
    const cli = open(dataDir);
    const set = (service: ReturnType<typeof open>, value: string, actor: 'ui' | 'cli') => service.dispatch('setSetting', { key: 'logServer', value }, { actor });

    expect(await set(app, 'first.test:6514', 'ui')).toMatchObject({ ok: true });
    for (let round = 0; round < 4; round++) {
      // Each Service has read the settings (a list, a status) before the other's change lands.
      await Promise.all([app.dispatch('settings', {}, { actor: 'ui' }), cli.dispatch('settings', {}, { actor: 'cli' })]);
      const answers = await Promise.all([set(app, `app-${round}.test:6514`, 'ui'), set(cli, `cli-${round}.test:6514`, 'cli')]);
      for (const answer of answers) expect(answer).toMatchObject({ ok: true });
    }

    const listed = await cli.dispatch('auditList', {}, { actor: 'cli' });
    if (!listed.ok) throw new Error(listed.error.message);
    const changes = (listed.value as { records: { event: string; details: Record<string, unknown> }[] }).records
      .reverse()
      .filter((record) => record.event === 'setting-changed' && record.details.key === 'logServer')
      .map((record) => ({ from: record.details.from, to: record.details.to }) as Change);
    expect(changes).toHaveLength(9);
    expect(changes[0]).toEqual({ from: null, to: 'first.test:6514' });
    // A chain: nobody's change is recorded as made from a value another change had already replaced.
    for (let i = 1; i < changes.length; i++) expect(changes[i]?.from).toBe(changes[i - 1]?.to);
    const settings = await app.dispatch('settings', {}, { actor: 'ui' });
    expect(settings).toMatchObject({ ok: true, value: { logServer: changes[changes.length - 1]?.to } });
  });
});
