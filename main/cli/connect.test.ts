/**
 * `thincert connect rdp` against real xrdp servers and the real FreeRDP 2
 * (Debian freerdp2-x11) on an Xvfb display, all on 127.0.0.1. Where a test
 * must prove FreeRDP was never started, or read the command line ThinCert
 * built, a stand-in `xfreerdp` first on PATH records its arguments.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestPki, type TestPki } from '../../test/peers/test-pki';
import { startXrdp, type XrdpPeer } from '../../test/peers/xrdp';
import { startXvfb, type XvfbPeer } from '../../test/peers/xvfb';
import { startSwitchProxy, type SwitchProxy } from '../../test/peers/switch-proxy';
import { thincert } from './test-support/capture';

let pki: TestPki;
let xrdp: XrdpPeer;
let impostor: XrdpPeer;
let proxy: SwitchProxy;
let xvfb: XvfbPeer;
let dataDir: string;
let home: string;

const SECRET = 'pa55-w0rd-never-shown';
/** Where FreeRDP reached xrdp's own protocol: the check alone never sends a client name. */
const SESSION_LINE = /Connected client computer name/g;

beforeAll(async () => {
  pki = createTestPki();
  xrdp = await startXrdp({ securityLayer: 'negotiate', certificatePath: pki.rdpRsa.certPath, keyPath: pki.rdpRsa.keyPath });
  impostor = await startXrdp({ securityLayer: 'negotiate', certificatePath: pki.otherPin.certPath, keyPath: pki.otherPin.keyPath });
  proxy = await startSwitchProxy(xrdp.port, impostor.port);
  xvfb = await startXvfb();
}, 60_000);

afterAll(async () => {
  await proxy?.stop();
  await xrdp?.stop();
  await impostor?.stop();
  await xvfb?.stop();
  pki?.cleanup();
});

beforeEach(() => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'thincert-connect-'));
  dataDir = path.join(root, 'data');
  home = path.join(root, 'home');
});

/** FreeRDP's own settings folder goes to a fresh HOME: nothing it remembered may let a server in. */
const realFreeRdp = () => ({ PATH: process.env.PATH, DISPLAY: xvfb.display, HOME: home });

/** A stand-in `xfreerdp` that writes its arguments to a marker file and exits with FAKE_EXIT. */
function fakeFreeRdp(exit: number): { env: NodeJS.ProcessEnv; marker: string } {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'thincert-fake-freerdp-'));
  const marker = path.join(bin, 'started');
  writeFileSync(path.join(bin, 'xfreerdp'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${marker}'\nexit ${exit}\n`);
  chmodSync(path.join(bin, 'xfreerdp'), 0o755);
  return { env: { PATH: `${bin}:${process.env.PATH ?? ''}`, DISPLAY: xvfb.display, HOME: home }, marker };
}

const leafFingerprint = () => pki.rdpRsa.x509.fingerprint256.toLowerCase();

async function auditRecords(): Promise<{ event: string; details: Record<string, unknown> }[]> {
  const run = await thincert(dataDir, ['audit', '--json']);
  const parsed = JSON.parse(run.stdout) as { records: { event: string; details: Record<string, unknown> }[] };
  return parsed.records;
}

describe('thincert connect rdp', () => {
  it('starts FreeRDP pinned to the judged leaf; FreeRDP reaches xrdp and the secret is never printed or audited', async () => {
    await thincert(dataDir, ['add', 'rdp', pki.rdpRsa.certPath]);
    const before = (xrdp.log().match(SESSION_LINE) ?? []).length;
    const run = await thincert(dataDir, ['connect', 'rdp', `rdp.test:${xrdp.port}`, '--connect-to', '127.0.0.1', '--', '+auth-only', '/u:x', `/p:${SECRET}`], {
      env: realFreeRdp(),
    });
    expect(run.stderr).toContain(`/v:127.0.0.1:${xrdp.port} /cert:deny,fingerprint:sha256:${leafFingerprint()} (+3 arguments after --, not shown)`);
    // FreeRDP talked RDP with xrdp after the TLS handshake on the pinned certificate.
    expect((xrdp.log().match(SESSION_LINE) ?? []).length).toBe(before + 1);
    // +auth-only against xrdp (no NLA) ends in FreeRDP's "transport failed": not a normal end, so 5, in words.
    expect(run.status).toBe(5);
    expect(run.stderr).toMatch(/Session failed: .*\(FreeRDP status \d+\)/);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
    const records = await auditRecords();
    const allowed = records.find((r) => r.event === 'connection-allowed');
    expect(allowed?.details).toMatchObject({ server: `rdp.test:${xrdp.port}`, verdict: 'trusted', by: 'pinned-leaf', fingerprint: expect.stringMatching(/^[0-9A-F:]{95}$/) });
    expect(JSON.stringify(records)).not.toContain(SECRET);
  });

  it('exits 3 for an unknown server and never starts FreeRDP; the blocked connection is audited', async () => {
    const fake = fakeFreeRdp(0);
    const run = await thincert(dataDir, ['connect', 'rdp', `rdp.test:${xrdp.port}`, '--connect-to', '127.0.0.1', '--', `/p:${SECRET}`], { env: fake.env });
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/FreeRDP was not started/);
    expect(existsSync(fake.marker)).toBe(false);
    const blocked = (await auditRecords()).find((r) => r.event === 'connection-blocked');
    expect(blocked?.details).toMatchObject({ server: `rdp.test:${xrdp.port}`, verdict: 'not-trusted', by: null });
    expect(String(blocked?.details.fingerprint)).toMatch(/^[0-9A-F:]{95}$/);
  });

  it('pins the leaf of a CA-trusted server too and hands the arguments after -- over unchanged', async () => {
    // xrdp sends its leaf alone: the store holds the intermediate that leads to the root.
    await thincert(dataDir, ['add', 'rdp', pki.rootRsa.certPath]);
    await thincert(dataDir, ['add', 'rdp', pki.intermediate.certPath]);
    const fake = fakeFreeRdp(12);
    const passed = ['/u:DOMAIN\\user name', `/p:${SECRET}`, '/f', '--', '-x'];
    const run = await thincert(dataDir, ['connect', 'rdp', `rdp.test:${xrdp.port}`, '--connect-to', '127.0.0.1', '--', ...passed], { env: fake.env });
    expect(readFileSync(fake.marker, 'utf8').split('\n').slice(0, -1)).toEqual([
      `/v:127.0.0.1:${xrdp.port}`,
      `/cert:deny,fingerprint:sha256:${leafFingerprint()}`,
      ...passed,
    ]);
    // FreeRDP 2's 12 is "logged off by the user": a normal end.
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/Session ended: the user logged off \(FreeRDP status 12\)/);
    expect((await auditRecords()).find((r) => r.event === 'connection-allowed')?.details).toMatchObject({ by: 'anchor', verdict: 'trusted' });
  });

  it('translates a failing FreeRDP status into 5 with words, never passing it through', async () => {
    await thincert(dataDir, ['add', 'rdp', pki.rdpRsa.certPath]);
    const fake = fakeFreeRdp(3);
    const run = await thincert(dataDir, ['connect', 'rdp', `rdp.test:${xrdp.port}`, '--connect-to', '127.0.0.1'], { env: fake.env });
    expect(run.status).toBe(5);
    expect(run.stderr).toMatch(/Session failed: the session was idle too long \(FreeRDP status 3\)/);
    // --json: one document on stdout, the same verdict and FreeRDP's status in words.
    const json = await thincert(dataDir, ['connect', 'rdp', `rdp.test:${xrdp.port}`, '--connect-to', '127.0.0.1', '--json'], { env: fake.env });
    expect(json.status).toBe(5);
    expect(JSON.parse(json.stdout)).toMatchObject({
      check: { trusted: true, by: 'pinned-leaf' },
      session: { normal: false, status: 'the session was idle too long (FreeRDP status 3)' },
    });
  });

  it('FreeRDP itself refuses a server that changed its certificate after the check', async () => {
    await thincert(dataDir, ['add', 'rdp', pki.rdpRsa.certPath]);
    const before = (impostor.log().match(SESSION_LINE) ?? []).length;
    const run = await thincert(dataDir, ['connect', 'rdp', `rdp.test:${proxy.port}`, '--connect-to', '127.0.0.1', '--', '+auth-only', '/u:x', '/p:y'], {
      env: realFreeRdp(),
    });
    expect(proxy.connections).toBe(2);
    expect(run.status).toBe(5);
    expect(run.stderr).toMatch(/Session failed: the TLS connection failed.*\(FreeRDP status 143\)/);
    expect((impostor.log().match(SESSION_LINE) ?? []).length).toBe(before);
  });

  it('under Wayland without X starts wlfreerdp; with no FreeRDP at all refuses before connecting', async () => {
    await thincert(dataDir, ['add', 'rdp', pki.rdpRsa.certPath]);
    const bin = mkdtempSync(path.join(os.tmpdir(), 'thincert-fake-wl-'));
    const marker = path.join(bin, 'started');
    for (const name of ['xfreerdp', 'wlfreerdp']) {
      writeFileSync(path.join(bin, name), `#!/bin/sh\necho ${name} > '${marker}'\nexit 0\n`);
      chmodSync(path.join(bin, name), 0o755);
    }
    const wayland = await thincert(dataDir, ['connect', 'rdp', `rdp.test:${xrdp.port}`, '--connect-to', '127.0.0.1'], {
      env: { PATH: bin, WAYLAND_DISPLAY: 'wayland-0', HOME: home },
    });
    expect(wayland.status).toBe(0);
    expect(readFileSync(marker, 'utf8')).toBe('wlfreerdp\n');

    const empty = mkdtempSync(path.join(os.tmpdir(), 'thincert-no-freerdp-'));
    const before = (await auditRecords()).length;
    const missing = await thincert(dataDir, ['connect', 'rdp', `rdp.test:${xrdp.port}`, '--connect-to', '127.0.0.1'], { env: { PATH: empty, DISPLAY: ':99', HOME: home } });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/FreeRDP is not installed: none of xfreerdp3, xfreerdp is on PATH/);
    expect((await auditRecords()).length).toBe(before);
  });

  it('refuses pass-through arguments that would loosen the pin, before connecting (exit 2)', async () => {
    await thincert(dataDir, ['add', 'rdp', pki.rdpRsa.certPath]);
    const fake = fakeFreeRdp(0);
    for (const option of ['/cert:ignore', '/cert-ignore', '+cert-tofu', '/v:evil.test']) {
      const run = await thincert(dataDir, ['connect', 'rdp', `rdp.test:${xrdp.port}`, '--connect-to', '127.0.0.1', '--', option], { env: fake.env });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/cannot be passed to FreeRDP/);
    }
    expect(existsSync(fake.marker)).toBe(false);
    expect((await auditRecords()).filter((r) => r.event.startsWith('connection-'))).toEqual([]);
  });
});
