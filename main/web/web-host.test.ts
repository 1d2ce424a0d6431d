import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createService } from '../core/create-service';
import { isAllowedOrigin, ownHosts, staticPath, startWebHost, type WebHost } from './web-host';
import { blankStaticDir } from './test-support/scratch-host';

let scratch: string;
let host: WebHost;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'thincert-web-'));
  host = await startWebHost({ service: createService({ dataDir: path.join(scratch, 'data') }), staticDir: blankStaticDir(scratch) });
});

afterAll(async () => {
  await host.close();
  rmSync(scratch, { recursive: true, force: true });
});

function socket(origin: string | undefined, token = host.token): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${token}`, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function invoke(ws: WebSocket, channel: string, payload: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.send(JSON.stringify({ type: 'invoke', id: 7, channel, payload }));
  });
}

describe('the web host', () => {
  it('binds loopback and prints a URL that carries the token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[\\w-]{20,}$`));
  });

  it('serves the page with the token and refuses it without', async () => {
    expect((await fetch(host.url)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${host.port}/`)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${host.port}/?token=wrong`)).status).toBe(403);
  });

  it('sends a strict CSP with the page', async () => {
    const csp = (await fetch(host.url)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src ws://127.0.0.1:${host.port}`);
  });

  it('never serves a file outside the renderer folder', () => {
    expect(staticPath('/srv/r', '/../../etc/passwd')).toBeNull();
    expect(staticPath('/srv/r', '/assets/a.js')).toBe('/srv/r/assets/a.js');
    expect(staticPath('/srv/r', '/..%2F..%2Fetc/passwd')).toBeNull();
    expect(staticPath('/srv/r', '/%E0%A4%A')).toBeNull();
  });

  it('answers a channel over the socket from its own origin', async () => {
    const ws = await socket(`http://127.0.0.1:${host.port}`);
    const answer = (await invoke(ws, 'status', {})) as { id: number; result: { ok: boolean; value: { counts: Record<string, number> } } };
    expect(answer.id).toBe(7);
    expect(answer.result.ok).toBe(true);
    expect(answer.result.value.counts).toEqual({ ksc: 0, rdp: 0, broker: 0, logServer: 0 });
    ws.close();
  });

  it('returns a validation error for a bad payload, and an unknown channel as such', async () => {
    const ws = await socket(`http://127.0.0.1:${host.port}`);
    expect(await invoke(ws, 'list', { purpose: 'mail' })).toMatchObject({ result: { ok: false, error: { code: 'bad-request' } } });
    expect(await invoke(ws, 'rm -rf', {})).toMatchObject({ result: { ok: false, error: { code: 'unknown-channel' } } });
    ws.close();
  });

  it('answers an invoke whose payload JSON dropped (undefined) instead of closing the socket', async () => {
    const ws = await socket(`http://127.0.0.1:${host.port}`);
    const answer = new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()))));
    ws.send(JSON.stringify({ type: 'invoke', id: 8, channel: 'status', payload: undefined }));
    expect(await answer).toMatchObject({ id: 8, result: { ok: true } });
    expect(await invoke(ws, 'show', undefined)).toMatchObject({ result: { ok: false, error: { code: 'bad-request' } } });
    ws.close();
  });

  it('refuses a socket from another origin or without the token', async () => {
    await expect(socket('http://evil.example')).rejects.toThrow(/403/);
    await expect(socket(undefined)).rejects.toThrow(/403/);
    await expect(socket(`http://127.0.0.1:${host.port}`, 'nope')).rejects.toThrow(/403/);
    const hosts = ownHosts('127.0.0.1', host.port);
    expect(isAllowedOrigin(`http://localhost:${host.port}`, hosts)).toBe(true);
    expect(isAllowedOrigin(`http://127.0.0.1:1`, hosts)).toBe(false);
    expect(isAllowedOrigin(`http://[::1]:${host.port}`, hosts)).toBe(false);
  });
});
