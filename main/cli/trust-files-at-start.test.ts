/** A long-running host makes the files other programs read whole at start, not only at the next change of trust. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestPki, type TestPki } from '../../test/peers/test-pki';
import { openssl } from '../../test/peers/openssl-cli';
import { thincert } from './test-support/capture';
import { createService } from '../core/create-service';

let pki: TestPki;

beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => pki?.cleanup());

describe('trust files at start', () => {
  it('a background Service writes a missing hashed folder and .curlrc again when it starts', async () => {
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-trust-files-')), 'data');
    await thincert(dataDir, ['add', 'rdp', pki.rootRsa.certPath]);
    rmSync(path.join(dataDir, 'bundles', 'rdp'), { recursive: true });
    rmSync(path.join(dataDir, 'bundles', 'rdp.curl'), { recursive: true });

    const service = createService({ dataDir, background: true });
    try {
      const expected = `${openssl(['x509', '-in', pki.rootRsa.certPath, '-noout', '-hash']).trim()}.0`;
      const hashed = path.join(dataDir, 'bundles', 'rdp');
      const curlrc = path.join(dataDir, 'bundles', 'rdp.curl', '.curlrc');
      // The refresh runs in the background: wait for its last file.
      const done = () => existsSync(hashed) && readdirSync(hashed).includes(expected) && existsSync(curlrc);
      const deadline = Date.now() + 10_000;
      while (!done() && Date.now() < deadline) await sleep(50);
      expect(readdirSync(hashed)).toContain(expected);
      expect(existsSync(curlrc)).toBe(true);
    } finally {
      await service.close();
    }
  });
});
