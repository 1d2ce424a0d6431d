/**
 * This device's certificate used where servers ask for it (issue 17), against
 * real servers on 127.0.0.1 that accept only clients with a certificate from
 * the device CA: rsyslog (gtls `x509/certvalid`) for the audit forwarder and
 * for the snippet of `export-config rsyslog`, nginx (`ssl_verify_client on`)
 * for `thincert exec broker -- curl`. The identity is installed the way an
 * operator without SCEP does it: `thincert identity import FILE.p12`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { covers, receivedMessages, receivedRecords, startRsyslog, waitForRecords, type RsyslogPeer } from '../../test/peers/rsyslog';
import { startRsyslogSender, validateSnippet } from '../../test/peers/rsyslog-sender';
import { startNginx, type NginxPeer } from '../../test/peers/nginx';
import { createTestPki, type TestPki } from '../../test/peers/test-pki';
import { openssl } from '../../test/peers/openssl-cli';
import type { PkiCert } from '../../test/peers/pki';
import { thincert } from './test-support/capture';

let pki: TestPki;
let work: string;
/** The CA the servers accept client certificates from, and the device's PKCS#12 under it. */
let deviceCa: PkiCert;
let p12: { file: string; passwordFile: string };
let rsyslog: RsyslogPeer;
let nginx: NginxPeer;
let dataDir: string;

beforeAll(async () => {
  pki = createTestPki();
  work = mkdtempSync(path.join(os.tmpdir(), 'thincert-identity-mtls-'));
  deviceCa = pki.pki.issue({ name: 'device-ca', commonName: 'ThinCert Device CA', key: 'rsa2048', ca: {} });
  const device = pki.pki.issue({ name: 'device-tc1', commonName: 'tc-mtls-1', key: 'rsa2048', issuer: deviceCa, extKeyUsage: ['clientAuth'] });
  p12 = { file: path.join(work, 'device.p12'), passwordFile: path.join(work, 'p12-password') };
  writeFileSync(p12.passwordFile, 'p12-pass-w0rd\n');
  openssl(['pkcs12', '-export', '-inkey', device.keyPath, '-in', device.certPath, '-passout', `file:${p12.passwordFile}`, '-out', p12.file]);
  // Both servers present the 127.0.0.1 leaf under the intermediate and rootRsa, which the device trusts.
  const serverChain = pki.pki.bundle('mtls-ip-chain', [pki.ipAddress, pki.intermediate]);
  [rsyslog, nginx] = await Promise.all([
    startRsyslog({ caPath: pki.rootRsa.certPath, certificatePath: serverChain, keyPath: pki.ipAddress.keyPath, clientCaPath: deviceCa.certPath }),
    startNginx([{ name: 'mtls', chainPath: serverChain, keyPath: pki.ipAddress.keyPath, clientCaPath: deviceCa.certPath }]),
  ]);
}, 60_000);

afterAll(async () => {
  await rsyslog?.stop();
  await nginx?.stop();
  pki?.cleanup();
});

beforeEach(() => {
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-identity-mtls-data-')), 'data');
});

async function ok(args: string[]): Promise<string> {
  const run = await thincert(dataDir, args);
  expect(run, args.join(' ')).toMatchObject({ status: 0, stderr: '' });
  return run.stdout;
}

const importIdentity = () => ok(['identity', 'import', p12.file, '--password-file', p12.passwordFile]);

describe('the audit forwarder and a log server that requires a client certificate', () => {
  it('delivers nothing before the device has its identity, keeps the records waiting, and delivers them all after', async () => {
    await ok(['add', 'logServer', pki.rootRsa.certPath]);
    await ok(['config', 'set', 'logServer', `127.0.0.1:${rsyslog.port}`]);

    const refused = await thincert(dataDir, ['audit', '--send']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/certificate/);
    const delivery = (JSON.parse(await ok(['status', '--json'])) as { logDelivery: Record<string, unknown> }).logDelivery;
    expect(delivery).toMatchObject({ state: 'unreachable', waiting: 2 });
    // rsyslog dropped the connection unread: no audit record arrived (given time to arrive; this test alone sends them here).
    await sleep(1_500);
    expect(receivedRecords(rsyslog.messagesPath)).toEqual([]);

    await importIdentity();
    const sent = await ok(['audit', '--send']);
    const count = Number(/^(\d+) records sent/.exec(sent)?.[1]);
    expect(count).toBeGreaterThanOrEqual(3); // the two that waited, then identity-imported
    const received = await waitForRecords(rsyslog.messagesPath, (r) => covers(r, count));
    expect(covers(received, count)).toBe(true);
    expect(received.map((r) => r.sd.event)).toContain('identity-imported');
    expect((JSON.parse(await ok(['status', '--json'])) as { logDelivery: Record<string, unknown> }).logDelivery).toMatchObject({ state: 'ok', waiting: 0 });
  });
});

describe('thincert exec and env give programs the identity', () => {
  const url = () => `https://127.0.0.1:${nginx.port}/`;
  /** What a script run through `thincert exec broker` gets from nginx, with or without the identity's files. */
  async function curlStatus(withIdentity: boolean, env: NodeJS.ProcessEnv = {}): Promise<string> {
    const out = path.join(mkdtempSync(path.join(work, 'curl-')), 'code');
    const cert = withIdentity ? '--cert "$THINCERT_CLIENT_CERT" --key "$THINCERT_CLIENT_KEY"' : '';
    const script = `curl -s -o /dev/null -w '%{http_code}' ${cert} ${url()} > '${out}'`;
    const run = await thincert(dataDir, ['exec', 'broker', '--', 'sh', '-c', script], { env: { PATH: process.env.PATH, ...env } });
    expect(run.status, run.stderr).toBe(0);
    return readFileSync(out, 'utf8');
  }
  /** Exit 0 when the program sees neither variable. */
  const variablesAbsent = async (env: NodeJS.ProcessEnv = {}) =>
    (await thincert(dataDir, ['exec', 'broker', '--', 'sh', '-c', 'test -z "${THINCERT_CLIENT_CERT+set}${THINCERT_CLIENT_KEY+set}"'], { env: { PATH: process.env.PATH, ...env } })).status;

  it('curl gets 200 with the exported certificate and key, 400 without', async () => {
    await ok(['add', 'broker', pki.rootRsa.certPath]);
    expect(await curlStatus(false)).toBe('400');
    await importIdentity();
    expect(await curlStatus(true)).toBe('200');
    expect(await curlStatus(false)).toBe('400');

    const exported = await ok(['env', 'broker']);
    expect(exported).toMatch(/^export THINCERT_CLIENT_CERT='[^']+'$/m);
    expect(exported).toMatch(/^export THINCERT_CLIENT_KEY='[^']+'$/m);
    const json = JSON.parse(await ok(['env', 'broker', '--json'])) as { variables: Record<string, string> };
    expect(readFileSync(json.variables.THINCERT_CLIENT_CERT ?? '', 'utf8')).toContain('-----BEGIN CERTIFICATE-----');
  });

  it('without an identity the variables are absent, even when the caller had some', async () => {
    await ok(['add', 'broker', pki.rootRsa.certPath]);
    expect(await variablesAbsent()).toBe(0);
    expect(await variablesAbsent({ THINCERT_CLIENT_CERT: '/tmp/stale.pem', THINCERT_CLIENT_KEY: '/tmp/stale.key' })).toBe(0);
    expect(await ok(['env', 'broker'])).not.toMatch(/THINCERT_CLIENT/);
    await importIdentity();
    expect(await variablesAbsent()).toBe(1);
    await ok(['identity', 'remove']);
    expect(await variablesAbsent()).toBe(0);
  });
});

describe('export-config rsyslog for a log server that requires a client certificate', () => {
  async function delivered(snippet: string, waitMs: number): Promise<boolean> {
    const sender = await startRsyslogSender(snippet);
    const marker = `thin-client line ${Math.random().toString(36).slice(2)}`;
    try {
      sender.log('tc-test', marker);
      const deadline = Date.now() + waitMs;
      for (;;) {
        if (receivedMessages(rsyslog.messagesPath).some((m) => m.message.includes(marker))) return true;
        if (Date.now() > deadline) return false;
        await sleep(100);
      }
    } finally {
      await sender.stop();
    }
  }

  it('names the certificate and key once the device has them, and rsyslog then delivers', async () => {
    await ok(['add', 'logServer', pki.rootRsa.certPath]);
    await ok(['config', 'set', 'logServer', `127.0.0.1:${rsyslog.port}`]);
    const without = await ok(['export-config', 'rsyslog']);
    expect(without).not.toMatch(/CertFile|KeyFile/);
    expect(await delivered(without, 4_000)).toBe(false);

    await importIdentity();
    const snippet = await ok(['export-config', 'rsyslog']);
    const certFile = /streamDriver\.CertFile="([^"]+)"/.exec(snippet)?.[1] ?? '';
    const keyFile = /streamDriver\.KeyFile="([^"]+)"/.exec(snippet)?.[1] ?? '';
    expect(readFileSync(certFile, 'utf8')).toContain('-----BEGIN CERTIFICATE-----');
    expect(readFileSync(keyFile, 'utf8')).toContain('PRIVATE KEY-----');
    expect(validateSnippet(snippet)).toMatchObject({ status: 0 });
    expect(await delivered(snippet, 15_000)).toBe(true);
  });
});

describe('an expired identity', () => {
  it('is a problem in status (and its --json), and is no longer presented to the log server', async () => {
    const soon = pki.pki.issue({ name: `device-soon-${Date.now()}`, commonName: 'tc-mtls-soon', key: 'rsa2048', issuer: deviceCa, extKeyUsage: ['clientAuth'], notAfter: new Date(Date.now() + 4_000) });
    const file = path.join(work, `soon-${Date.now()}.p12`);
    openssl(['pkcs12', '-export', '-inkey', soon.keyPath, '-in', soon.certPath, '-passout', `file:${p12.passwordFile}`, '-out', file]);
    await ok(['identity', 'import', file, '--password-file', p12.passwordFile]);
    await ok(['add', 'logServer', pki.rootRsa.certPath]);
    await ok(['config', 'set', 'logServer', `127.0.0.1:${rsyslog.port}`]);
    expect(JSON.parse(await ok(['status', '--json']))).toMatchObject({ identity: { state: 'valid', notAfter: expect.any(String) as unknown } });
    expect(await ok(['status'])).not.toMatch(/Problem/);

    await sleep(Math.max(0, Date.parse(soon.x509.validTo) - Date.now()) + 1_500);
    const status = JSON.parse(await ok(['status', '--json'])) as { identity: { state: string; notAfter: string } };
    expect(status.identity.state).toBe('expired');
    expect(Date.parse(status.identity.notAfter)).toBe(Date.parse(soon.x509.validTo));
    expect(await ok(['status'])).toMatch(/This device's certificate: expired[^\n]*\n\s+Problem: it expired and was not renewed/);

    const refused = await thincert(dataDir, ['audit', '--send']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/this device has none/);
  });
});
