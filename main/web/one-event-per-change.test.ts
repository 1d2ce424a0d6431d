/**
 * Issue 14, one event per change, as the page sees it: the web host's
 * WebSocket over a Service running in the background (the data-folder watcher,
 * the policy sync and the audit forwarder all on). Main's own change is said
 * once by main; another process's change once by the watcher; a forwarding
 * attempt changes no management state and says nothing of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { Pki, type PkiCert } from '../../test/peers/pki';
import { freePorts } from '../../test/peers/ports';
import { createService } from '../core/create-service';
import type { Service } from '../core/service';
import { startWebHost, type WebHost } from './web-host';
import { blankStaticDir, closeScratchHost } from './test-support/scratch-host';
import { bundleCli } from '../cli/test-support/bundle-cli';
import { openPageSocket } from './test-support/page-socket';

/** Longer than the watcher's poll (1 s) plus its settling looks, and the forwarder's first attempts. */
const QUIET_MS = 3_500;

let scratch: string;
let dataDir: string;
let cli: string;
let pki: Pki;
let certs: PkiCert[];
let service: Service;
let host: WebHost;
let ws: WebSocket;
const events: { event: string; at: number }[] = [];
let nextId = 1;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'thincert-one-event-'));
  dataDir = path.join(scratch, 'data');
  cli = path.join(scratch, 'thincert.cjs');
  const staticDir = blankStaticDir(scratch);
  pki = new Pki(mkdtempSync(path.join(scratch, 'pki-')));
  certs = ['one.test', 'two.test'].map((name) => pki.issue({ name, commonName: name, key: 'ec256', subjectAltNames: [`DNS:${name}`] }));
  // The CLI as it ships, run as another process beside the host.
  await bundleCli(cli);
  service = createService({ dataDir, background: true, mediaDirs: [path.join(scratch, 'media')] });
  host = await startWebHost({ service, staticDir });
  ws = await openPageSocket(host);
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; event?: string };
    if (message.type === 'event' && message.event) events.push({ event: message.event, at: Date.now() });
  });
  // Whatever the start-up writes (trust files, the first sync look) settles before counting.
  await quiet();
}, 60_000);

afterAll(() => closeScratchHost({ ws, host, service, scratch }));

const quiet = () => new Promise((resolve) => setTimeout(resolve, QUIET_MS));

function invoke(channel: string, payload: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { type: string; id?: number; result?: { ok: boolean } };
      if (message.type !== 'result' || message.id !== id) return;
      ws.off('message', onMessage);
      resolve(message.result as { ok: boolean });
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
  });
}

function countSince(start: number, event: string): number {
  return events.filter((e) => e.at >= start && e.event === event).length;
}

describe('one event per change, over the web host', () => {
  it('one add from the page: exactly one storeChanged, no managementChanged', async () => {
    const start = Date.now();
    const answer = await invoke('add', { purpose: 'rdp', input: { kind: 'pem', text: certs[0]?.pem } });
    expect(answer.ok).toBe(true);
    await quiet();
    expect(countSince(start, 'storeChanged')).toBe(1);
    expect(countSince(start, 'managementChanged')).toBe(0);
  }, 30_000);

  it('an add by the CLI in another process: exactly one storeChanged', async () => {
    const start = Date.now();
    const status = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [cli, 'add', 'rdp', certs[1]?.certPath ?? ''], { env: { ...process.env, THINCERT_DATA_DIR: dataDir }, stdio: 'ignore' });
      child.once('close', (code) => resolve(code));
    });
    expect(status).toBe(0);
    await quiet();
    expect(countSince(start, 'storeChanged')).toBe(1);
    expect(countSince(start, 'managementChanged')).toBe(0);
    const listed = await invoke('list', { purpose: 'rdp' });
    expect((listed.value as { certificates: unknown[] }).certificates).toHaveLength(2);
  }, 30_000);

  it('Connect to a server that does not answer: its verdict recorded, exactly one storeChanged', async () => {
    const [closed] = await freePorts(1);
    const start = Date.now();
    const answer = await invoke('connectRdp', { host: '127.0.0.1', port: closed });
    expect(answer).toMatchObject({ ok: true, value: { kind: 'unreachable' } });
    await quiet();
    expect(countSince(start, 'storeChanged')).toBe(1);
    const history = await invoke('auditList', { limit: 1 });
    expect(history.value).toMatchObject({ records: [{ event: 'connection-blocked' }] });
  }, 30_000);
});

describe('the background forwarder, over the web host', () => {
  let forwarding: { service: Service; host: WebHost; ws: WebSocket } | null = null;

  afterAll(async () => {
    forwarding?.ws.close();
    await forwarding?.host.close();
    await forwarding?.service.close();
  });

  it('attempts to an unreachable log server: no managementChanged', async () => {
    const folder = path.join(scratch, 'forwarding');
    const [closed] = await freePorts(1);
    // A trail to deliver and a log server nobody listens on, set before the kiosk starts.
    const setup = createService({ dataDir: folder });
    await setup.call('configSet', { key: 'logServer', value: `127.0.0.1:${closed}` }, { actor: 'cli' });
    await setup.call('add', { purpose: 'rdp', input: { kind: 'pem', text: certs[0]?.pem ?? '' } }, { actor: 'cli' });
    await setup.close();

    const service = createService({ dataDir: folder, background: true });
    const host = await startWebHost({ service, staticDir: path.join(scratch, 'renderer') });
    const ws = await openPageSocket(host);
    forwarding = { service, host, ws };
    const seen: string[] = [];
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; event?: string };
      if (message.type === 'event' && message.event) seen.push(message.event);
    });
    // The forwarder's first attempt (half a second after start), then its retry after the backoff.
    const attempts = new Set<string>();
    const deadline = Date.now() + 20_000;
    while (attempts.size < 2 && Date.now() < deadline) {
      const status = await service.call('status', {}, { actor: 'ui' });
      if (status.logDelivery.lastAttempt !== null) attempts.add(status.logDelivery.lastAttempt);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(attempts.size).toBe(2);
    expect((await service.call('status', {}, { actor: 'ui' })).logDelivery.state).toBe('unreachable');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(seen.filter((event) => event === 'managementChanged')).toEqual([]);
  }, 40_000);
});
