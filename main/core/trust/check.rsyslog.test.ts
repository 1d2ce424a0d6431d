/** checkServer for logServer against rsyslogd receiving syslog over TLS (RFC 5425). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { startRsyslog, type RsyslogPeer } from '../../../test/peers/rsyslog';
import { stored } from '../../../test/peers/stored';
import { createTestPki, type TestPki } from '../../../test/peers/test-pki';
import { checkServer } from './check';

let pki: TestPki;
let rsyslog: RsyslogPeer;

beforeAll(async () => {
  pki = createTestPki();
  rsyslog = await startRsyslog({
    caPath: pki.rootRsa.certPath,
    certificatePath: pki.pki.bundle('log-chain', [pki.logServer, pki.intermediate]),
    keyPath: pki.logServer.keyPath,
  });
});
afterAll(async () => {
  await rsyslog?.stop();
  pki?.cleanup();
});

describe('checkServer for logServer (rsyslog over TLS)', () => {
  it('trusts the log server by its stored root', async () => {
    const result = await checkServer(
      { purpose: 'logServer', host: 'logs.test', port: rsyslog.port, connectTo: '127.0.0.1', timeoutMs: 5_000 },
      { stored: [stored(pki.rootRsa, ['logServer'])], clock: systemClock },
    );
    expect(result).toMatchObject({ trusted: true, by: 'anchor', reasons: [] });
    expect(result.chain[0]?.subject).toContain('logs.test');
  });

  it('refuses it for another name', async () => {
    const result = await checkServer(
      { purpose: 'logServer', host: 'other.test', port: rsyslog.port, connectTo: '127.0.0.1', timeoutMs: 5_000 },
      { stored: [stored(pki.rootRsa, ['logServer'])], clock: systemClock },
    );
    expect(result.reasons.map((r) => r.code)).toEqual(['name-mismatch']);
  });
});
