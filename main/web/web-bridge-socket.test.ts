/**
 * The renderer's web bridge opens one WebSocket, however many calls and
 * subscriptions come before it is open (issue 14: the first screen asks for
 * status, its list and its events at once, before React renders). Each call
 * that found the socket still connecting used to open another, and main then
 * sent every event once per socket. Against the real web host.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../app/api';
import { createWebTransport, type SocketLike } from '../../app/bridge/web-transport';
import { createService } from '../core/create-service';
import { createTestPki, type TestPki } from '../../test/peers/test-pki';
import { startWebHost, type WebHost } from './web-host';
import { blankStaticDir } from './test-support/scratch-host';

let scratch: string;
let host: WebHost;
let pki: TestPki;

beforeAll(async () => {
  pki = createTestPki();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'thincert-web-bridge-'));
  host = await startWebHost({ service: createService({ dataDir: path.join(scratch, 'data') }), staticDir: blankStaticDir(scratch) });
});

afterAll(async () => {
  await host.close();
  rmSync(scratch, { recursive: true, force: true });
  pki.cleanup();
});

const open = () => new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` });

describe('the web bridge', () => {
  it('opens one socket for calls and subscriptions made before it opened, and hears each event once', async () => {
    // What main sends, seen on a socket of its own.
    const reference = open();
    await new Promise((resolve) => reference.once('open', resolve));
    let sent = 0;
    reference.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; event?: string };
      if (message.type === 'event' && message.event === 'storeChanged') sent++;
    });

    let sockets = 0;
    const api = createApi(
      createWebTransport(() => {
        sockets++;
        return open() as unknown as SocketLike;
      }),
    );
    let heard = 0;
    api.on('storeChanged', () => heard++);
    api.on('managementChanged', () => undefined);
    const [status, list, added] = await Promise.all([
      api.status({}),
      api.list({ purpose: 'rdp', limit: 20 }),
      api.add({ purpose: 'rdp', input: { kind: 'pem', text: pki.selfSigned.pem } }),
    ]);
    expect([status.ok, list.ok, added.ok]).toEqual([true, true, true]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sockets).toBe(1);
    expect(sent).toBeGreaterThan(0);
    expect(heard).toBe(sent);
    reference.close();
  });
});
