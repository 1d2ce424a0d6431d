/**
 * Issue 14, cold start: the web host makes the trust files whole at start (issue 15)
 * only after the page had its first status answer, so reading back every hashed
 * file never holds up the kiosk's first paint; with no page it does so soon anyway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type WebSocket from 'ws';
import { createTestPki, type TestPki } from '../../test/peers/test-pki';
import { openssl } from '../../test/peers/openssl-cli';
import { thincert } from '../cli/test-support/capture';
import { openPageSocket } from './test-support/page-socket';
import { bundleWebServer, startWebProcess } from './test-support/web-process';

let pki: TestPki;
let scratch: string;
let script: string;

beforeAll(async () => {
  pki = createTestPki();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'thincert-trust-after-'));
  script = await bundleWebServer(scratch);
}, 60_000);
afterAll(() => {
  pki?.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

/** A store of one certificate whose hashed folder was removed by hand; the name it must get back. */
async function storeWithoutHashedFolder(name: string): Promise<{ dataDir: string; hashed: string; expected: string }> {
  const dataDir = path.join(scratch, name);
  await thincert(dataDir, ['add', 'rdp', pki.rootRsa.certPath]);
  const hashed = path.join(dataDir, 'bundles', 'rdp');
  rmSync(hashed, { recursive: true });
  return { dataDir, hashed, expected: `${openssl(['x509', '-in', pki.rootRsa.certPath, '-noout', '-hash']).trim()}.0` };
}

async function cameBack(hashed: string, expected: string): Promise<boolean> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (existsSync(hashed) && readdirSync(hashed).includes(expected)) return true;
    await sleep(50);
  }
  return false;
}

function askStatus(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'status', payload: {} }));
  });
}

describe('the web host at start', () => {
  it('writes the trust files after the page had its first status answer, not before', async () => {
    const { dataDir, hashed, expected } = await storeWithoutHashedFolder('with-page');
    const host = await startWebProcess(script, dataDir);
    try {
      const ws = await openPageSocket(host);
      const answer = (await askStatus(ws)) as { result: { ok: boolean } };
      expect(answer.result.ok).toBe(true);
      // The first screen is answered while the files are still as the hand left them.
      expect(existsSync(hashed) && readdirSync(hashed).includes(expected)).toBe(false);
      expect(await cameBack(hashed, expected)).toBe(true);
      ws.close();
    } finally {
      await host.stop();
    }
  }, 60_000);

  it('writes them when no page comes', async () => {
    const { dataDir, hashed, expected } = await storeWithoutHashedFolder('without-page');
    const host = await startWebProcess(script, dataDir);
    try {
      expect(await cameBack(hashed, expected)).toBe(true);
    } finally {
      await host.stop();
    }
  }, 60_000);
});
