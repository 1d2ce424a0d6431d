/**
 * Issue 13, holes 2 and 10: a bad frame or a failing read ends one socket or
 * one response, never the web host (run here as its own process, so a crash
 * shows as an exit); and the host answers only under its own name, keeps its
 * token per port, out of Referer headers and out of reach of a rebound DNS
 * name, on IPv6 loopback as on IPv4.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import { Socket } from 'node:net';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { MAX_MESSAGE_BYTES } from '../../app/bridge/wire';
import { createService } from '../core/create-service';
import { startWebHost, type WebHost } from './web-host';
import { blankStaticDir } from './test-support/scratch-host';
import { bundleWebServer, startWebProcess, type WebProcess } from './test-support/web-process';

/** What a test needs of a web host, whether in this process or its own. */
type Reachable = Pick<WebHost, 'url' | 'port' | 'token'>;

let scratch: string;
let staticDir: string;
let host: WebHost;
let script: string;
let proc: WebProcess;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'thincert-web-hard-'));
  staticDir = blankStaticDir(scratch);
  host = await startWebHost({ service: createService({ dataDir: path.join(scratch, 'data') }), staticDir });
  script = await bundleWebServer(path.join(scratch, 'bundle'));
  // A "file" whose every read fails (EIO): stat calls it a regular file, reading it errors.
  symlinkSync('/proc/self/mem', path.join(scratch, 'bundle', 'renderer', 'unreadable.js'));
});

afterAll(async () => {
  await host?.close();
  rmSync(scratch, { recursive: true, force: true });
});

interface Opened {
  ws: WebSocket;
  headers: http.IncomingHttpHeaders;
}

function open(url: string, options: WebSocket.ClientOptions = {}): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    let headers: http.IncomingHttpHeaders = {};
    ws.once('upgrade', (res) => (headers = res.headers));
    ws.once('open', () => resolve({ ws, headers }));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function ownSocket(web: Reachable = host, shown = '127.0.0.1'): Promise<Opened> {
  return open(`ws://${shown}:${web.port}/ws?token=${web.token}`, { origin: `http://${shown}:${web.port}` });
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

function invoke(ws: WebSocket, channel: string, payload: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel, payload }));
  });
}

/** The host still answers a fresh socket: it survived whatever came before. */
async function expectAlive(web: Reachable = host, shown = '127.0.0.1'): Promise<void> {
  const { ws } = await ownSocket(web, shown);
  expect(await invoke(ws, 'status', {})).toMatchObject({ result: { ok: true } });
  ws.close();
}

async function expectProcessAlive(): Promise<void> {
  // Whatever killed it would have done so by the time the next request is answered.
  await expectAlive(proc);
  expect(proc.exitCode(), proc.output()).toBeNull();
}

/** A raw request, so the test chooses the Host header (fetch may not). */
function get(pathAndQuery: string, headers: http.OutgoingHttpHeaders = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: host.port, path: pathAndQuery, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
  });
}

describe('hole 2: one bad frame or read ends one socket, never the web host', () => {
  // A fresh process each: one that died must not take the next test with it.
  beforeEach(async () => {
    proc = await startWebProcess(script, mkdtempSync(path.join(scratch, 'proc-data-')));
  });
  afterEach(() => proc.stop());

  it('closes a socket that sends invalid UTF-8 (1007) and keeps running', async () => {
    const { ws } = await ownSocket(proc);
    const code = closed(ws);
    ws.send(Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d]), { binary: false });
    expect(await code).toBe(1007);
    await expectProcessAlive();
  });

  it('closes a socket that sends a message over the size limit (1009) and keeps running', async () => {
    const { ws } = await ownSocket(proc);
    const code = closed(ws);
    ws.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect(await code).toBe(1009);
    await expectProcessAlive();
  });

  it('refuses only the request whose file read fails, and keeps running', async () => {
    // The file is read whole before the answer starts (issue 14), so a failed read is a plain 404.
    const failed = await fetch(`http://127.0.0.1:${proc.port}/unreadable.js?token=${proc.token}`).then(
      (res) => res.text().then(() => res.status, () => 'broken'),
      () => 'broken',
    );
    expect(failed).toBe(404);
    expect((await fetch(proc.url)).status).toBe(200);
    await expectProcessAlive();
  });

  it('keeps running when a client resets the connection as it asks to upgrade', async () => {
    for (let i = 0; i < 20; i += 1) {
      await new Promise<void>((resolve, reject) => {
        const raw = new Socket();
        raw.once('error', reject);
        raw.connect(proc.port, '127.0.0.1', () => {
          raw.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${proc.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`);
          raw.resetAndDestroy();
          resolve();
        });
      });
    }
    await expectProcessAlive();
  });
});

describe('hole 10: the web host answers only under its own name', () => {
  it('names its cookie after its port, so two hosts on 127.0.0.1 keep their own tokens', async () => {
    const other = await startWebHost({ service: createService({ dataDir: path.join(scratch, 'other-data') }), staticDir });
    try {
      // A browser keeps cookies per host name, whatever the port: one jar for 127.0.0.1.
      const jar = new Map<string, string>();
      for (const web of [host, other]) {
        const cookie = (await fetch(web.url)).headers.get('set-cookie') ?? '';
        const [pair = ''] = cookie.split(';');
        const [name = '', value = ''] = pair.split('=');
        jar.set(name, value);
      }
      const cookieHeader = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      // A reload of the first host, token no longer in the address, still gets in.
      expect((await get('/', { cookie: cookieHeader })).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${other.port}/`, { headers: { cookie: cookieHeader } })).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('sends Referrer-Policy: no-referrer with the page, with refusals and with the socket handshake', async () => {
    for (const pathAndQuery of [`/?token=${host.token}`, '/', `/missing.js?token=${host.token}`]) {
      expect((await get(pathAndQuery)).headers['referrer-policy']).toBe('no-referrer');
    }
    const { ws, headers } = await ownSocket();
    expect(headers['referrer-policy']).toBe('no-referrer');
    ws.close();
  });

  it('refuses a request whose Host is not its own address (DNS rebinding), with or without the token', async () => {
    expect((await get(`/?token=${host.token}`, { host: `rebound.example:${host.port}` })).status).toBe(403);
    expect((await get(`/?token=${host.token}`, { host: `127.0.0.1:${host.port + 1}` })).status).toBe(403);
    expect((await get(`/?token=${host.token}`, { host: `[::1]:${host.port}` })).status).toBe(403);
    expect((await get(`/?token=${host.token}`, { host: `localhost:${host.port}` })).status).toBe(200);
    expect((await get(`/?token=${host.token}`, { host: `127.0.0.1:${host.port}` })).status).toBe(200);
  });

  it('refuses a socket whose Host is not its own address, even from its own origin', async () => {
    const url = `ws://127.0.0.1:${host.port}/ws?token=${host.token}`;
    await expect(open(url, { origin: `http://127.0.0.1:${host.port}`, headers: { host: `rebound.example:${host.port}` } })).rejects.toThrow(/403/);
    await expect(open(url, { origin: `http://rebound.example:${host.port}`, headers: { host: `rebound.example:${host.port}` } })).rejects.toThrow(/403/);
    await expectAlive();
  });

  it('listening on ::1, serves its page and accepts its own page\'s socket (origin http://[::1]:P)', async () => {
    const v6 = await startWebHost({ service: createService({ dataDir: path.join(scratch, 'v6-data') }), staticDir, host: '::1' });
    try {
      expect(v6.url).toMatch(new RegExp(`^http://\\[::1\\]:${v6.port}/\\?token=`));
      const page = await fetch(v6.url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("'self'");
      await expectAlive(v6, '[::1]');
      // localhost names loopback too; another IPv6 origin does not.
      const { ws } = await open(`ws://[::1]:${v6.port}/ws?token=${v6.token}`, { origin: `http://localhost:${v6.port}`, headers: { host: `localhost:${v6.port}` } });
      ws.close();
      await expect(open(`ws://[::1]:${v6.port}/ws?token=${v6.token}`, { origin: `http://[::2]:${v6.port}` })).rejects.toThrow(/403/);
    } finally {
      await v6.close();
    }
  });
});
