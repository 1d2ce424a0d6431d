/** Issue 14 pages the `list` channel for the kiosk; the CLI's `list --json` stays as CLI.md shows it: every certificate, no paging fields. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestPki } from '../../test/peers/test-pki';
import { thincert } from './test-support/capture';

const pki = createTestPki();
afterAll(() => pki.cleanup());

describe('thincert list --json', () => {
  it('is {"certificates": [...]} with all of them', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'thincert-list-json-'));
    const dataDir = path.join(root, 'data');
    const file = path.join(root, 'bundle.pem');
    writeFileSync(file, [pki.valid, pki.expired, pki.rootRsa, pki.rootEc].map((c) => c.pem).join(''));
    expect((await thincert(dataDir, ['add', 'rdp', file])).status).toBe(0);
    const run = await thincert(dataDir, ['list', 'rdp', '--json']);
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['certificates']);
    expect(json.certificates).toHaveLength(4);
  });
});
