/**
 * `thincert audit --send` against a real rsyslog (imtcp, gtls driver, RFC 5425
 * octet counting) on 127.0.0.1 (issue 10). The log server setting is
 * `127.0.0.1:PORT` and rsyslog presents a leaf with the IP SAN 127.0.0.1: the
 * forwarder connects to the host of the setting and the trust engine checks
 * that same name, so no connect-to is involved.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { covers, startRsyslog, waitForRecords, receivedRecords, type RsyslogPeer } from '../../test/peers/rsyslog';
import { createTestPki, type TestPki } from '../../test/peers/test-pki';
import type { PkiCert } from '../../test/peers/pki';
import { thincert } from './test-support/capture';

let pki: TestPki;
/** 127.0.0.1 (IP SAN) issued by an unknown root: not trusted for logServer until that root is stored. */
let untrustedLeaf: PkiCert;
let dataDir: string;

beforeAll(() => {
  pki = createTestPki();
  untrustedLeaf = pki.pki.issue({ name: 'log-untrusted', commonName: '127.0.0.1', key: 'ec256', issuer: pki.unknownRoot, subjectAltNames: ['IP:127.0.0.1'] });
});
afterAll(() => {
  pki?.cleanup();
});
beforeEach(() => {
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-cli-audit-send-')), 'data');
});

/** rsyslog presenting the trusted chain: the 127.0.0.1 leaf and the intermediate, under rootRsa. */
function trustedRsyslog(): Promise<RsyslogPeer> {
  return startRsyslog({
    caPath: pki.rootRsa.certPath,
    certificatePath: pki.pki.bundle('log-ip-chain', [pki.ipAddress, pki.intermediate]),
    keyPath: pki.ipAddress.keyPath,
  });
}

async function ok(args: string[]): Promise<string> {
  const run = await thincert(dataDir, args);
  expect(run, args.join(' ')).toMatchObject({ status: 0, stderr: '' });
  return run.stdout;
}

/** The log server is trusted through rootRsa stored for logServer (record 1); pointing at it is record 2 (setting-changed). */
async function pointAt(rsyslog: RsyslogPeer): Promise<void> {
  await ok(['add', 'logServer', pki.rootRsa.certPath]);
  await ok(['config', 'set', 'logServer', `127.0.0.1:${rsyslog.port}`]);
}

async function logDelivery(): Promise<Record<string, unknown>> {
  return (JSON.parse(await ok(['status', '--json'])) as { logDelivery: Record<string, unknown> }).logDelivery;
}

const plain = (fingerprint: string) => fingerprint.replace(/:/g, '').toUpperCase();

describe('audit --send to rsyslog over TLS', () => {
  let rsyslog: RsyslogPeer;
  beforeAll(async () => {
    rsyslog = await trustedRsyslog();
  });
  afterAll(async () => {
    await rsyslog?.stop();
  });

  it('delivers an added and a removed certificate with their fields, and says how many went', async () => {
    await pointAt(rsyslog);
    await ok(['add', 'broker', pki.rootEc.certPath]);
    await ok(['remove', 'broker', pki.rootEc.x509.fingerprint256]);
    expect(await logDelivery()).toMatchObject({ server: `127.0.0.1:${rsyslog.port}`, state: 'waiting', waiting: 4 });

    expect(await ok(['audit', '--send'])).toBe(`4 records sent to 127.0.0.1:${rsyslog.port}; 0 waiting.\n`);
    const received = await waitForRecords(rsyslog.messagesPath, (r) => covers(r, 4));
    expect(received.map((r) => [r.sd.seq, r.msgId, r.sd.event, r.sd.actor])).toEqual([
      [1, 'certificate-added', 'certificate-added', 'cli'],
      [2, 'setting-changed', 'setting-changed', 'cli'],
      [3, 'certificate-added', 'certificate-added', 'cli'],
      [4, 'certificate-removed', 'certificate-removed', 'cli'],
    ]);
    expect(received[1]?.record.details).toEqual({ key: 'logServer', from: null, to: `127.0.0.1:${rsyslog.port}` });
    for (const [index, event] of [[2, 'certificate-added'], [3, 'certificate-removed']] as const) {
      const { record } = received[index] ?? { record: null };
      expect(record).toMatchObject({ seq: index + 1, event, actor: 'cli', details: { purpose: 'broker', source: 'manual' } });
      expect(plain(String(record?.details.fingerprint))).toBe(plain(pki.rootEc.x509.fingerprint256));
      expect(String(record?.details.subject)).toContain('ThinCert Test Root EC');
    }
    // What arrived is the device's record, byte for byte the JSON of its line.
    const local = (JSON.parse(await ok(['audit', '--json'])) as { records: unknown[] }).records;
    expect(received.map((r) => r.record)).toEqual(local);

    expect(await logDelivery()).toMatchObject({ state: 'ok', waiting: 0, lastError: null });
    expect(await ok(['audit', '--send'])).toBe(`0 records sent to 127.0.0.1:${rsyslog.port}; 0 waiting.\n`);
  });

  it('says why when no log server is set (exit 1)', async () => {
    await ok(['add', 'broker', pki.rootEc.certPath]);
    const run = await thincert(dataDir, ['audit', '--send']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/No log server is set: thincert config set logServer HOST:PORT/);
  });
});

describe('an outage of the log server', () => {
  it('keeps 20 changes made meanwhile and delivers all of them, in order, once it is back', async () => {
    const rsyslog = await trustedRsyslog();
    try {
      await pointAt(rsyslog);
      await ok(['audit', '--send']);
      await waitForRecords(rsyslog.messagesPath, (r) => covers(r, 2));
      await rsyslog.halt();

      const CHANGES = 20;
      for (let i = 0; i < CHANGES / 2; i++) {
        await ok(['add', 'broker', pki.rootEc.certPath]);
        await ok(['remove', 'broker', pki.rootEc.x509.fingerprint256]);
      }
      const down = await thincert(dataDir, ['audit', '--send']);
      expect(down.status).toBe(1);
      expect(down.stderr).toMatch(new RegExp(`The log server 127\\.0\\.0\\.1:${rsyslog.port} cannot be reached`));
      expect(await logDelivery()).toMatchObject({ state: 'unreachable', waiting: CHANGES, lastError: expect.stringMatching(/cannot be reached/) as unknown });

      await rsyslog.restart();
      expect(await ok(['audit', '--send'])).toBe(`${CHANGES} records sent to 127.0.0.1:${rsyslog.port}; 0 waiting.\n`);
      const received = await waitForRecords(rsyslog.messagesPath, (r) => covers(r, CHANGES + 2));
      const seqs = received.map((r) => r.sd.seq);
      // Records 1–2 went before the outage; 3–22 are the changes, in order, each once.
      expect(seqs).toEqual(Array.from({ length: CHANGES + 2 }, (_, i) => i + 1));
      expect(received.slice(2).map((r) => r.sd.event)).toEqual(Array.from({ length: CHANGES }, (_, i) => (i % 2 === 0 ? 'certificate-added' : 'certificate-removed')));
      expect(await logDelivery()).toMatchObject({ state: 'ok', waiting: 0, lastError: null });
      console.info(`outage test: ${CHANGES} changes made while rsyslog was down; ${received.length - 2} received after the restart, ${received.length - new Set(seqs).size} duplicates, none missing`);
    } finally {
      await rsyslog.stop();
    }
  });
});

describe('a log server not trusted for logServer', () => {
  it('gets nothing and the reason is shown; once its root is stored, the backlog arrives', async () => {
    const rsyslog = await startRsyslog({ caPath: pki.unknownRoot.certPath, certificatePath: untrustedLeaf.certPath, keyPath: untrustedLeaf.keyPath });
    try {
      await pointAt(rsyslog);
      await ok(['add', 'broker', pki.rootEc.certPath]);

      const refused = await thincert(dataDir, ['audit', '--send']);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`The log server 127\\.0\\.0\\.1:${rsyslog.port} is not trusted, nothing was sent: `));
      // The same reason `check` gives (ARCHITECTURE.md "Trust rules"), in words.
      expect(refused.stderr).toMatch(/its issuer ".*CN=Unknown Test Root", and it is not stored for logServer/);
      expect(await logDelivery()).toMatchObject({ state: 'untrusted', waiting: 3, lastError: expect.stringMatching(/is not trusted, nothing was sent/) as unknown });
      // The trust check's own TLS handshake carries no syslog frame; give rsyslog time to write one if it had.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(receivedRecords(rsyslog.messagesPath)).toEqual([]);

      await ok(['add', 'logServer', pki.unknownRoot.certPath]);
      expect(await ok(['audit', '--send'])).toBe(`4 records sent to 127.0.0.1:${rsyslog.port}; 0 waiting.\n`);
      const received = await waitForRecords(rsyslog.messagesPath, (r) => covers(r, 4));
      expect(received.map((r) => [r.sd.seq, r.sd.event])).toEqual([
        [1, 'certificate-added'],
        [2, 'setting-changed'],
        [3, 'certificate-added'],
        [4, 'certificate-added'],
      ]);
      expect(received[3]?.record.details).toMatchObject({ purpose: 'logServer', subject: expect.stringContaining('Unknown Test Root') as unknown });
      expect(await logDelivery()).toMatchObject({ state: 'ok', waiting: 0, lastError: null });
    } finally {
      await rsyslog.stop();
    }
  });
});
