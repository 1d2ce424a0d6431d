/**
 * Issue 16 §3 binds the log server too: `audit --send` judges rsyslog (real,
 * on 127.0.0.1, TLS) by the same rules as `check`, so a distrusted
 * intermediate, a level that refuses its anchor or revocation in hard mode
 * without a source stops delivery.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRsyslog, type RsyslogPeer } from '../../test/peers/rsyslog';
import { createTestPki, type TestPki } from '../../test/peers/test-pki';
import { thincert } from './test-support/capture';

let pki: TestPki;
let rsyslog: RsyslogPeer;
let dataDir: string;

beforeAll(async () => {
  pki = createTestPki();
  rsyslog = await startRsyslog({
    caPath: pki.rootRsa.certPath,
    certificatePath: pki.pki.bundle('log-ip-chain', [pki.ipAddress, pki.intermediate]),
    keyPath: pki.ipAddress.keyPath,
  });
}, 60_000);
afterAll(async () => {
  await rsyslog?.stop();
  pki?.cleanup();
});
beforeEach(async () => {
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-distrust-log-')), 'data');
  for (const args of [['add', 'logServer', pki.rootRsa.certPath], ['config', 'set', 'logServer', `127.0.0.1:${rsyslog.port}`]]) {
    expect((await thincert(dataDir, args)).status).toBe(0);
  }
});

const received = () => (existsSync(rsyslog.messagesPath) ? readFileSync(rsyslog.messagesPath, 'utf8') : '');

describe('audit --send under the trust limits', () => {
  it('sends nothing to a log server whose chain holds a distrusted certificate', async () => {
    expect((await thincert(dataDir, ['distrust', 'add', pki.intermediate.certPath])).status).toBe(0);
    const before = received();
    const sent = await thincert(dataDir, ['audit', '--send']);
    expect(sent.status).toBe(1);
    expect(sent.stderr).toMatch(/not trusted, nothing was sent/);
    expect(sent.stderr).toMatch(/distrust list/);
    expect(received()).toBe(before);
  });

  it('sends nothing when the log server is trusted by an authority and the level is pins-only', async () => {
    expect((await thincert(dataDir, ['config', 'set', 'trustLevel', 'logServer', 'pins-only'])).status).toBe(0);
    const sent = await thincert(dataDir, ['audit', '--send']);
    expect(sent.status).toBe(1);
    expect(sent.stderr).toMatch(/Only pinned server certificates count for logServer/);
  });

  it('sends nothing when revocation is hard for logServer and no source can say the certificate is good', async () => {
    // The test PKI publishes neither OCSP nor CRLs: hard mode must refuse, as check does.
    expect((await thincert(dataDir, ['config', 'set', 'revocation', 'logServer', 'hard'])).status).toBe(0);
    const before = received();
    const sent = await thincert(dataDir, ['audit', '--send']);
    expect(sent.status).toBe(1);
    expect(sent.stderr).toMatch(/not trusted, nothing was sent/);
    expect(received()).toBe(before);
    // Soft mode: the same unknown status is only a warning, and the trail is delivered.
    expect((await thincert(dataDir, ['config', 'set', 'revocation', 'logServer', 'soft'])).status).toBe(0);
    expect((await thincert(dataDir, ['audit', '--send'])).status).toBe(0);
  });
});
