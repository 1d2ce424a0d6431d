/**
 * `thincert export-config rsyslog`: the snippet passes `rsyslogd -N1`, and a
 * real rsyslogd running it delivers `logger` lines to a real TLS rsyslog the
 * store trusts, and nothing to an impostor with another key. All on 127.0.0.1.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestPki, type TestPki } from '../../test/peers/test-pki';
import { receivedMessages, startRsyslog, type RsyslogPeer } from '../../test/peers/rsyslog';
import { startRsyslogSender, validateSnippet } from '../../test/peers/rsyslog-sender';
import { thincert } from './test-support/capture';

let pki: TestPki;
let trusted: RsyslogPeer;
let impostor: RsyslogPeer;
let dataDir: string;

beforeAll(async () => {
  pki = createTestPki();
  // The real log server: the 127.0.0.1 leaf under the intermediate and rootRsa.
  trusted = await startRsyslog({
    caPath: pki.rootRsa.certPath,
    certificatePath: pki.pki.bundle('log-ip-chain', [pki.ipAddress, pki.intermediate]),
    keyPath: pki.ipAddress.keyPath,
  });
  // Same name, another key and another root.
  const fake = pki.pki.issue({ name: 'impostor-ip', commonName: '127.0.0.1', key: 'ec256', issuer: pki.unknownRoot, subjectAltNames: ['IP:127.0.0.1'] });
  impostor = await startRsyslog({ caPath: pki.unknownRoot.certPath, certificatePath: fake.certPath, keyPath: fake.keyPath });
}, 60_000);

afterAll(async () => {
  await trusted?.stop();
  await impostor?.stop();
  pki?.cleanup();
});

beforeEach(() => {
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-export-config-')), 'data');
});

async function snippetFor(server: RsyslogPeer): Promise<string> {
  expect((await thincert(dataDir, ['config', 'set', 'logServer', `127.0.0.1:${server.port}`])).status).toBe(0);
  const run = await thincert(dataDir, ['export-config', 'rsyslog']);
  expect(run.status).toBe(0);
  return run.stdout;
}

async function received(server: RsyslogPeer, marker: string, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (receivedMessages(server.messagesPath).some((m) => m.message.includes(marker))) return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

/** Runs the device's rsyslogd with the snippet and logs one line through it. */
async function deliver(snippet: string, server: RsyslogPeer, waitMs: number): Promise<boolean> {
  const sender = await startRsyslogSender(snippet);
  const marker = `thin-client line ${Math.random().toString(36).slice(2)}`;
  try {
    sender.log('tc-test', marker);
    return await received(server, marker, waitMs);
  } finally {
    await sender.stop();
  }
}

describe('export-config rsyslog', () => {
  it('trusting by a stored CA: checks the name, passes rsyslogd -N1, delivers to the log server', async () => {
    await thincert(dataDir, ['add', 'logServer', pki.rootRsa.certPath]);
    const snippet = await snippetFor(trusted);
    expect(snippet).toMatch(/StreamDriverAuthMode="x509\/name"/);
    expect(snippet).toContain('StreamDriverPermittedPeers="127.0.0.1"');
    expect(snippet).toContain(`streamDriver.CAFile="${path.join(dataDir, 'bundles', 'logServer.pem')}"`);
    expect(validateSnippet(snippet)).toMatchObject({ status: 0 });
    expect(await deliver(snippet, trusted, 15_000)).toBe(true);
    const json = JSON.parse((await thincert(dataDir, ['export-config', 'rsyslog', '--json'])).stdout) as Record<string, unknown>;
    expect(json).toEqual({ target: 'rsyslog', server: `127.0.0.1:${trusted.port}`, authMode: 'x509/name', config: snippet });
  });

  it('sends nothing to an impostor under the same name with another key', async () => {
    await thincert(dataDir, ['add', 'logServer', pki.rootRsa.certPath]);
    expect(await deliver(await snippetFor(impostor), impostor, 4_000)).toBe(false);
    // Control: the impostor does receive once its own root is what the store trusts, so the refusal above is trust.
    dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-export-config-')), 'data');
    await thincert(dataDir, ['add', 'logServer', pki.unknownRoot.certPath]);
    expect(await deliver(await snippetFor(impostor), impostor, 15_000)).toBe(true);
  });

  it('trusting a pinned leaf: rsyslog compares its SHA-256 fingerprint, delivers to it and not to the impostor', async () => {
    await thincert(dataDir, ['add', 'logServer', pki.ipAddress.certPath]);
    const snippet = await snippetFor(trusted);
    expect(snippet).toMatch(/StreamDriverAuthMode="x509\/fingerprint"/);
    expect(snippet).toContain(`StreamDriverPermittedPeers="SHA256:${pki.ipAddress.x509.fingerprint256}"`);
    expect(validateSnippet(snippet)).toMatchObject({ status: 0 });
    expect(await deliver(snippet, trusted, 15_000)).toBe(true);
    expect(await deliver(await snippetFor(impostor), impostor, 4_000)).toBe(false);
  });

  it('refuses without a log server (exit 1) and for anything but rsyslog (exit 2)', async () => {
    expect(await thincert(dataDir, ['export-config', 'rsyslog'])).toMatchObject({ status: 1, stdout: '' });
    expect((await thincert(dataDir, ['export-config', 'syslog-ng'])).status).toBe(2);
  });
});
