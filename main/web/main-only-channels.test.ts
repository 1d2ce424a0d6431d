/**
 * Issue 14: the main-only channels (app/main-channels.ts) are the CLI's. Over
 * the web host's WebSocket and through Electron's IPC handlers, each name is
 * as unknown as a made-up one, whatever the payload, and nothing changes on
 * disk; inside main, `call` reaches them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { IPC_PREFIX, isChannelName } from '../../app/channels';
import { MAIN_CHANNEL_NAMES, type MainChannelName } from '../../app/main-channels';
import { Pki, type PkiCert } from '../../test/peers/pki';
import { createService } from '../core/create-service';
import type { Service } from '../core/service';
import { registerIpc } from '../electron/ipc';
import { APP_ENTRY } from '../electron/sender';
import { settledSnapshot, snapshot } from '../hosts/test-support/contract-fuzz';
import { startWebHost, type WebHost } from './web-host';
import { blankStaticDir, closeScratchHost } from './test-support/scratch-host';
import { openPageSocket } from './test-support/page-socket';

let scratch: string;
let dataDir: string;
let service: Service;
let host: WebHost;
let ws: WebSocket;
let cert: PkiCert;
let before: Record<string, string>;
const ipcHandlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();

/** What each main-only channel would do if it were reachable: every one a change, a read of a file, or a secret of the CLI. */
function payloadOf(channel: MainChannelName): unknown {
  const pem = cert.pem;
  const payloads: Partial<Record<MainChannelName, unknown>> = {
    readFile: { path: cert.keyPath },
    addBytes: { purpose: 'rdp', bytes: Buffer.from(pem).toJSON().data, onlyFor: 'corp.example' },
    exportToFile: { purpose: 'rdp', path: path.join(scratch, 'exported.pem') },
    moveEnrollment: { host: 'ksc.test', fingerprint: 'AB'.repeat(32), moveFrom: { host: 'old.test', port: 13292 } },
    distrustAdd: { target: cert.certPath },
    distrustRemove: { query: 'ABCDEF01' },
    crlAdd: { bytes: [1, 2, 3] },
    auditRead: { since: 0 },
    configSet: { key: 'trustLevel', value: 'rdp pins-only' },
    trustEnvironment: { purpose: 'rdp' },
    rdpSession: { host: '127.0.0.1', port: 3389, freeRdpArgs: [], env: {}, output: {} },
    verifyBatch: { lines: [JSON.stringify({ id: 1, purpose: 'rdp', chain: [pem] })] },
  };
  return payloads[channel] ?? {};
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'thincert-main-only-'));
  dataDir = path.join(scratch, 'data');
  const staticDir = blankStaticDir(scratch);
  cert = new Pki(mkdtempSync(path.join(scratch, 'pki-'))).issue({ name: 'main-only', commonName: 'main-only.test', key: 'ec256', subjectAltNames: ['DNS:main-only.test'] });
  service = createService({ dataDir, mediaDirs: [path.join(scratch, 'media')] });
  host = await startWebHost({ service, staticDir });
  registerIpc({ handle: (name, handler) => ipcHandlers.set(name, handler as never), removeHandler: (name) => ipcHandlers.delete(name) }, service);
  ws = await openPageSocket(host);
  await service.dispatch('status', {}, { actor: 'ui' }); // whatever a first open writes belongs to "before"
  before = await settledSnapshot(dataDir);
}, 60_000);

afterAll(() => closeScratchHost({ ws, host, service, scratch }));

let nextId = 1;
function invoke(channel: string, payload: unknown): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { type: string; id?: number; result?: unknown };
      if (message.type !== 'result' || message.id !== id) return;
      ws.off('message', onMessage);
      resolve(message.result);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
  });
}

describe('main-only channels from outside main', () => {
  it('the table is not empty and shares no name with the contract', () => {
    expect(MAIN_CHANNEL_NAMES.length).toBeGreaterThan(10);
    expect(ipcHandlers.has(`${IPC_PREFIX}status`)).toBe(true);
    for (const name of MAIN_CHANNEL_NAMES) expect(isChannelName(name)).toBe(false);
  });

  for (const channel of MAIN_CHANNEL_NAMES) {
    it(`${channel}: unknown over the WebSocket and to the IPC door, nothing changes`, async () => {
      const unknown = { ok: false, error: { code: 'unknown-channel', message: `No such channel: ${channel}` } };
      expect(await invoke(channel, payloadOf(channel))).toEqual(unknown);
      // Electron registers no handler for it; the one door every IPC handler uses refuses it like a made-up name.
      expect(ipcHandlers.has(`${IPC_PREFIX}${channel}`)).toBe(false);
      expect(await service.dispatch(channel, payloadOf(channel), { actor: 'ui' })).toEqual(unknown);
      expect(snapshot(dataDir)).toEqual(before);
      expect(existsSync(path.join(scratch, 'exported.pem'))).toBe(false);
    });
  }

  it('an IPC handler of the contract still answers from the app frame (the refusal above is not a dead door)', async () => {
    const handler = ipcHandlers.get(`${IPC_PREFIX}status`);
    const answer = await handler?.({ senderFrame: { url: APP_ENTRY, parent: null } }, {});
    expect(answer).toMatchObject({ ok: true });
  });

  it('inside main, call reaches them: configSet changes what the socket could not', async () => {
    const settings = await service.call('configSet', { key: 'trustLevel', value: 'rdp pins-only' }, { actor: 'cli' });
    expect(settings.trustLevel.rdp).toBe('pins-only');
  });
});
