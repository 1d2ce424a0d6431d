/**
 * Issue 14, first paint of a long list: `list` pages through its riskiest-first
 * order (`offset`, `limit`) and answers `total`, so the kiosk asks for its first
 * screenful and then for the rest (the CLI's `list`: main/cli/list-json.test.ts).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../create-service';
import { createTestPki, type TestPki } from '../../../test/peers/test-pki';

let pki: TestPki;
let dataDir: string;
let service: ReturnType<typeof createService>;

beforeAll(async () => {
  pki = createTestPki();
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-paging-')), 'data');
  service = createService({ dataDir });
  const pems = [pki.valid, pki.expired, pki.notYetValid, pki.rootRsa, pki.rootEc, pki.selfSigned].map((c) => c.pem).join('');
  const added = await service.dispatch('add', { purpose: 'rdp', input: { kind: 'pem', text: pems } }, { actor: 'ui' });
  expect(added.ok).toBe(true);
}, 60_000);

afterAll(async () => {
  await service?.close();
  pki?.cleanup();
});

async function list(request: Record<string, unknown>) {
  const answer = await service.dispatch('list', request, { actor: 'ui' });
  if (!answer.ok) throw new Error(`list refused: ${answer.error.code} ${answer.error.message}`);
  return answer.value as { certificates: { fingerprint: string }[]; total: number };
}

describe('list in pages', () => {
  it('the pages, put together, are the whole list in the same order; total is all of them', async () => {
    const whole = await list({ purpose: 'rdp' });
    expect(whole.total).toBe(6);
    expect(whole.certificates).toHaveLength(6);
    const first = await list({ purpose: 'rdp', limit: 2 });
    const rest = await list({ purpose: 'rdp', offset: 2 });
    expect(first).toMatchObject({ total: 6 });
    expect(rest).toMatchObject({ total: 6 });
    expect([...first.certificates, ...rest.certificates].map((c) => c.fingerprint)).toEqual(whole.certificates.map((c) => c.fingerprint));
    expect((await list({ purpose: 'rdp', offset: 10 })).certificates).toEqual([]);
  });

  it('refuses a page that is no page', async () => {
    for (const request of [{ offset: -1 }, { limit: 0 }, { offset: 1.5 }, { limit: '5' }]) {
      expect(await service.dispatch('list', { purpose: 'rdp', ...request }, { actor: 'ui' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
  });

});
