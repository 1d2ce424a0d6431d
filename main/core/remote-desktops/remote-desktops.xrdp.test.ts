/**
 * Connect from the kiosk through Service.dispatch (issue 15), against real
 * xrdp servers and the real FreeRDP 2 on an Xvfb display, all on 127.0.0.1:
 * each answer kind, Trust / Reject, and the pins' servers.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConnectAnswer } from '../../../app/remote-desktop-channels';
import { createTestPki, type TestPki } from '../../../test/peers/test-pki';
import { startXrdp, type XrdpPeer } from '../../../test/peers/xrdp';
import { startXvfb, type XvfbPeer } from '../../../test/peers/xvfb';
import { startForwardProxy, type ForwardProxy } from '../../../test/peers/forward-proxy';
import { freePort } from '../../../test/peers/ports';
import { createService, type ThinCertService } from '../create-service';
import { storeFilePath } from '../store/layout';
import { findOnPath } from '../connect/freerdp-command';

let pki: TestPki;
let xrdp: XrdpPeer;
let renewed: XrdpPeer;
let noTls: XrdpPeer;
let third: XrdpPeer;
let xvfb: XvfbPeer;
let proxy: ForwardProxy;
let dataDir: string;
let service: ThinCertService;

const SESSION_LINE = /Connected client computer name/g;
const sessions = (peer: XrdpPeer) => (peer.log().match(SESSION_LINE) ?? []).length;

beforeAll(async () => {
  pki = createTestPki();
  xrdp = await startXrdp({ securityLayer: 'negotiate', certificatePath: pki.rdpRsa.certPath, keyPath: pki.rdpRsa.keyPath });
  // The same server after its certificate was renewed (another key, another subject).
  renewed = await startXrdp({ securityLayer: 'negotiate', certificatePath: pki.otherPin.certPath, keyPath: pki.otherPin.keyPath });
  third = await startXrdp({ securityLayer: 'negotiate', certificatePath: pki.rdpEc.certPath, keyPath: pki.rdpEc.keyPath });
  noTls = await startXrdp({ securityLayer: 'rdp', certificatePath: pki.rdpRsa.certPath, keyPath: pki.rdpRsa.keyPath });
  xvfb = await startXvfb();
}, 90_000);

afterAll(async () => {
  await xrdp?.stop();
  await renewed?.stop();
  await noTls?.stop();
  await third?.stop();
  await xvfb?.stop();
  pki?.cleanup();
});

beforeEach(async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'thincert-desktops-'));
  dataDir = path.join(root, 'data');
  const env = { PATH: process.env.PATH, DISPLAY: xvfb.display, HOME: path.join(root, 'home'), THINCERT_FREERDP_ARGS: '+auth-only /u:x /p:y' };
  service = createService({ dataDir, env });
  proxy = await startForwardProxy(xrdp.port);
  return async () => {
    await proxy.stop();
    await service.close();
  };
});

async function ask<T = ConnectAnswer>(channel: string, payload: unknown): Promise<T> {
  const result = await service.dispatch(channel, payload, { actor: 'ui' });
  if (!result.ok) throw new Error(`${channel} refused: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

const storeText = () => {
  try {
    return readFileSync(storeFilePath(dataDir), 'utf8');
  } catch {
    return '';
  }
};

async function auditEvents(): Promise<{ event: string; details: Record<string, unknown> }[]> {
  const { records } = await ask<{ records: { event: string; details: Record<string, unknown> }[] }>('auditList', {});
  return records.reverse();
}

/** Runs a Connect that must start a session, then waits until main reports that this very session ended. */
async function session(start: () => Promise<ConnectAnswer>): Promise<{ answer: ConnectAnswer & { kind: 'started' }; end: { sessionId: string; normal: boolean; words: string } }> {
  const ends: { sessionId: string; normal: boolean; words: string }[] = [];
  const off = service.onEvent((event, payload) => {
    if (event === 'rdpSessionEnded') ends.push(payload as { sessionId: string; normal: boolean; words: string });
  });
  try {
    const answer = await start();
    if (answer.kind !== 'started') throw new Error(`not started: ${answer.kind}`);
    for (let waited = 0; waited < 30_000; waited += 50) {
      const end = ends.find((e) => e.sessionId === answer.sessionId);
      if (end) return { answer, end };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the session did not end');
  } finally {
    off();
  }
}

const trustAndSession = (connectId: string, fingerprint: string) => session(() => ask('trustAndConnect', { connectId, fingerprint }));

describe('connectRdp from the kiosk', () => {
  it('first connection: shows the leaf and stores nothing; Trust and connect pins it for this server and FreeRDP reaches xrdp', async () => {
    const first = await ask('connectRdp', { host: '127.0.0.1', port: proxy.port });
    expect(first).toMatchObject({ kind: 'first-connection', host: '127.0.0.1', port: proxy.port, certificate: { fingerprint: pki.rdpRsa.x509.fingerprint256 } });
    expect(storeText()).toBe('');
    if (first.kind !== 'first-connection') throw new Error('unexpected');

    const before = sessions(xrdp);
    const { answer, end } = await trustAndSession(first.connectId, first.certificate.fingerprint);
    expect(answer).toMatchObject({ kind: 'started', fingerprint: pki.rdpRsa.x509.fingerprint256 });
    // +auth-only against xrdp (no NLA) ends in "transport failed" after reaching xrdp's RDP layer, as in the CLI tests.
    expect(end.words).toMatch(/FreeRDP status 147/);
    expect(sessions(xrdp)).toBe(before + 1);

    const stored = JSON.parse(storeText()) as { certificates: Record<string, { purposes: string[]; servers?: string[] }> };
    expect(stored.certificates[pki.rdpRsa.x509.fingerprint256]).toMatchObject({ purposes: ['rdp'], servers: [`127.0.0.1:${proxy.port}`] });
    const events = (await auditEvents()).map((r) => r.event);
    expect(events).toEqual(['connection-blocked', 'certificate-added', 'connection-allowed']);
    // The pass-through credentials reach FreeRDP only.
    expect(JSON.stringify(await auditEvents())).not.toContain('/p:y');
  });

  it('Cancel drops the held certificate: nothing saved, no session, the id is refused afterwards', async () => {
    const first = await ask('connectRdp', { host: '127.0.0.1', port: proxy.port });
    if (first.kind !== 'first-connection') throw new Error(`unexpected ${first.kind}`);
    const before = sessions(xrdp);
    expect(await ask('cancelConnect', { connectId: first.connectId })).toEqual({});
    const late = await service.dispatch('trustAndConnect', { connectId: first.connectId, fingerprint: first.certificate.fingerprint }, { actor: 'ui' });
    expect(late).toMatchObject({ ok: false, error: { code: 'connect-expired' } });
    expect(storeText()).toBe('');
    expect(sessions(xrdp)).toBe(before);
  });

  it('refuses a fingerprint other than the one shown and changes nothing', async () => {
    const first = await ask('connectRdp', { host: '127.0.0.1', port: proxy.port });
    if (first.kind !== 'first-connection') throw new Error(`unexpected ${first.kind}`);
    const wrong = await service.dispatch('trustAndConnect', { connectId: first.connectId, fingerprint: pki.otherPin.x509.fingerprint256 }, { actor: 'ui' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'fingerprint-mismatch' } });
    expect(storeText()).toBe('');
  });

  it('changed certificate: shown against this server’s old pin; Reject keeps it, Trust the new one replaces it (audited)', async () => {
    const first = await ask('connectRdp', { host: '127.0.0.1', port: proxy.port });
    if (first.kind !== 'first-connection') throw new Error(`unexpected ${first.kind}`);
    await trustAndSession(first.connectId, first.certificate.fingerprint);
    proxy.point(renewed.port);

    const changed = await ask('connectRdp', { host: '127.0.0.1', port: proxy.port });
    expect(changed).toMatchObject({
      kind: 'changed-certificate',
      previous: { fingerprint: pki.rdpRsa.x509.fingerprint256 },
      presented: { fingerprint: pki.otherPin.x509.fingerprint256 },
      previousExpired: null,
    });
    if (changed.kind !== 'changed-certificate') throw new Error('unexpected');
    expect(changed.changes).toEqual(expect.arrayContaining(['subject', 'serial']));

    const kept = storeText();
    await ask('cancelConnect', { connectId: changed.connectId });
    expect(storeText()).toBe(kept);
    const again = await ask('connectRdp', { host: '127.0.0.1', port: proxy.port });
    expect(again.kind).toBe('changed-certificate');
    if (again.kind !== 'changed-certificate') throw new Error('unexpected');

    const before = sessions(renewed);
    expect((await trustAndSession(again.connectId, again.presented.fingerprint)).end.words).toMatch(/FreeRDP status 147/);
    expect(sessions(renewed)).toBe(before + 1);
    const stored = JSON.parse(storeText()) as { certificates: Record<string, { servers?: string[] }> };
    expect(Object.keys(stored.certificates)).toEqual([pki.otherPin.x509.fingerprint256]);
    const records = await auditEvents();
    expect(records.find((r) => r.event === 'certificate-removed')?.details).toMatchObject({ purpose: 'rdp', fingerprint: pki.rdpRsa.x509.fingerprint256 });
    expect(records.filter((r) => r.event === 'certificate-added').at(-1)?.details).toMatchObject({ purpose: 'rdp', fingerprint: pki.otherPin.x509.fingerprint256 });
  });

  it('a farm holds one pin per server, and a change is shown against that server’s own pin', async () => {
    const second = await startForwardProxy(renewed.port);
    try {
      for (const port of [proxy.port, second.port]) {
        const first = await ask('connectRdp', { host: '127.0.0.1', port });
        if (first.kind !== 'first-connection') throw new Error(`unexpected ${first.kind}`);
        await trustAndSession(first.connectId, first.certificate.fingerprint);
      }
      // The second server is renewed again: the old certificate shown is its own pin, not the first server's.
      second.point(third.port);
      const changed = await ask('connectRdp', { host: '127.0.0.1', port: second.port });
      expect(changed).toMatchObject({
        kind: 'changed-certificate',
        previous: { fingerprint: pki.otherPin.x509.fingerprint256 },
        presented: { fingerprint: pki.rdpEc.x509.fingerprint256 },
      });
      if (changed.kind !== 'changed-certificate') throw new Error('unexpected');
      expect(changed.changes).toContain('key');
      await trustAndSession(changed.connectId, changed.presented.fingerprint);
      // The first server's pin is untouched by the second's renewal.
      const stored = JSON.parse(storeText()) as { certificates: Record<string, { servers?: string[] }> };
      expect(stored.certificates[pki.rdpRsa.x509.fingerprint256]?.servers).toEqual([`127.0.0.1:${proxy.port}`]);
      expect(stored.certificates[pki.rdpEc.x509.fingerprint256]?.servers).toEqual([`127.0.0.1:${second.port}`]);
      expect(stored.certificates[pki.otherPin.x509.fingerprint256]).toBeUndefined();
    } finally {
      await second.stop();
    }
  });

  it('add from a server remembers the server; a later change there is shown against that pin', async () => {
    const fetched = await ask<{ fetchId: string }>('fetchChain', { purpose: 'rdp', host: '127.0.0.1', port: proxy.port });
    await ask('confirmFetch', { fetchId: fetched.fetchId, fingerprint: pki.rdpRsa.x509.fingerprint256 });
    const stored = JSON.parse(storeText()) as { certificates: Record<string, { servers?: string[] }> };
    expect(stored.certificates[pki.rdpRsa.x509.fingerprint256]?.servers).toEqual([`127.0.0.1:${proxy.port}`]);
    proxy.point(renewed.port);
    expect(await ask('connectRdp', { host: '127.0.0.1', port: proxy.port })).toMatchObject({
      kind: 'changed-certificate',
      previous: { fingerprint: pki.rdpRsa.x509.fingerprint256 },
    });
  });

  it('a pin stored without servers (older stores, pasted certificates) still matches any server', async () => {
    await ask('add', { purpose: 'rdp', input: { kind: 'pem', text: readFileSync(pki.rdpRsa.certPath, 'utf8') } });
    expect(storeText()).not.toContain('"servers"');
    const { answer, end } = await session(() => ask('connectRdp', { host: '127.0.0.1', port: proxy.port }));
    expect(answer.fingerprint).toBe(pki.rdpRsa.x509.fingerprint256);
    expect(end?.words).toMatch(/FreeRDP status 147/);
  });

  it('starts the FreeRDP THINCERT_FREERDP names when it is not on PATH', async () => {
    const binary = findOnPath('xfreerdp', process.env.PATH);
    if (!binary) throw new Error('xfreerdp is not installed (apt-get install freerdp2-x11)');
    await service.close();
    service = createService({ dataDir, env: { PATH: '/nonexistent', DISPLAY: xvfb.display, HOME: dataDir, THINCERT_FREERDP: binary, THINCERT_FREERDP_ARGS: '+auth-only /u:x /p:y' } });
    await ask('add', { purpose: 'rdp', input: { kind: 'pem', text: readFileSync(pki.rdpRsa.certPath, 'utf8') } });
    const before = sessions(xrdp);
    const { end } = await session(() => ask('connectRdp', { host: '127.0.0.1', port: proxy.port }));
    expect(end.words).toMatch(/FreeRDP status 147/);
    expect(sessions(xrdp)).toBe(before + 1);
  });

  it('untrusted when trusting the leaf would not help: a server without TLS offers no accept', async () => {
    const answer = await ask('connectRdp', { host: '127.0.0.1', port: noTls.port });
    expect(answer).toMatchObject({ kind: 'untrusted', reasons: [{ code: 'rdp-standard-security-only' }] });
  });

  it('unreachable: nothing listens there', async () => {
    const port = await freePort();
    const answer = await ask('connectRdp', { host: '127.0.0.1', port });
    expect(answer).toMatchObject({ kind: 'unreachable', port });
    if (answer.kind === 'unreachable') expect(answer.reasons.length).toBeGreaterThan(0);
  });

  it('refuses a host that is not a host name at the boundary', async () => {
    const result = await service.dispatch('connectRdp', { host: 'evil\r\nhost', port: 3389 }, { actor: 'ui' });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });
});
