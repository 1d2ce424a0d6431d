/**
 * Issue 17 with the identity enrolled over SCEP (Debian's scepserver on
 * 127.0.0.1) and the servers accepting exactly that CA's certificates: the
 * audit forwarder of one running Service picks the identity up at its next
 * connection (no restart), and a renewal swaps what `thincert exec` hands to
 * curl — nginx names the serial it was shown.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { covers, startRsyslog, waitForRecords, type RsyslogPeer } from '../../test/peers/rsyslog';
import { startNginx, type NginxPeer } from '../../test/peers/nginx';
import { startScepServer, type ScepPeer } from '../../test/peers/scep';
import { createTestPki, type TestPki } from '../../test/peers/test-pki';
import { createService } from '../core/create-service';
import { thincert } from './test-support/capture';

const CHALLENGE = 'mtls-scep-challenge';

let pki: TestPki;
let scep: ScepPeer;
let rsyslog: RsyslogPeer;
let nginx: NginxPeer;
let work: string;
let challengeFile: string;
let dataDir: string;

beforeAll(async () => {
  pki = createTestPki();
  work = mkdtempSync(path.join(os.tmpdir(), 'thincert-mtls-scep-'));
  challengeFile = path.join(work, 'challenge');
  writeFileSync(challengeFile, `${CHALLENGE}\n`);
  scep = await startScepServer({ challenge: CHALLENGE });
  const scepCa = path.join(work, 'scep-ca.pem');
  writeFileSync(scepCa, scep.caPem);
  const serverChain = pki.pki.bundle('mtls-scep-ip-chain', [pki.ipAddress, pki.intermediate]);
  [rsyslog, nginx] = await Promise.all([
    startRsyslog({ caPath: pki.rootRsa.certPath, certificatePath: serverChain, keyPath: pki.ipAddress.keyPath, clientCaPath: scepCa }),
    startNginx([{ name: 'broker', chainPath: serverChain, keyPath: pki.ipAddress.keyPath, clientCaPath: scepCa }]),
  ]);
}, 60_000);

afterAll(async () => {
  await rsyslog?.stop();
  await nginx?.stop();
  await scep?.dispose();
  pki?.cleanup();
});

beforeEach(() => {
  dataDir = path.join(mkdtempSync(path.join(work, 'data-')), 'data');
});

async function ok(args: string[]): Promise<string> {
  const run = await thincert(dataDir, args);
  expect(run, args.join(' ')).toMatchObject({ status: 0, stderr: '' });
  return run.stdout;
}

const enroll = (cn: string) => ({ scepUrl: scep.url, challenge: CHALLENGE, caFingerprint: scep.caFingerprint, cn });
const hex = (serial: string) => serial.replace(/[^0-9A-Fa-f]/g, '').toUpperCase().replace(/^0+/, '');

describe('an identity enrolled over SCEP, where servers ask for it', () => {
  it('one running Service: the forwarder is refused before enrollment and delivers at its next connection after it', async () => {
    const service = createService({ dataDir, env: { PATH: process.env.PATH } });
    try {
      const cli = { actor: 'cli' } as const;
      await service.call('addBytes', { purpose: 'logServer', bytes: readFileSync(pki.rootRsa.certPath) }, cli);
      await service.call('configSet', { key: 'logServer', value: `127.0.0.1:${rsyslog.port}` }, cli);

      const refused = await service.dispatch('sendAudit', {}, { actor: 'ui' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'log-server-unreachable' } });

      const enrolled = await service.dispatch('identityEnroll', enroll('tc-mtls-scep-1'), { actor: 'ui' });
      expect(enrolled).toMatchObject({ ok: true, value: { state: 'valid' } });
      const sent = await service.dispatch('sendAudit', {}, { actor: 'ui' });
      expect(sent).toMatchObject({ ok: true, value: { server: `127.0.0.1:${rsyslog.port}`, waiting: 0 } });
      const count = sent.ok ? (sent.value as { sent: number }).sent : 0;
      const received = await waitForRecords(rsyslog.messagesPath, (r) => covers(r, count));
      expect({ count, seqs: received.map((r) => r.sd.seq) }).toEqual({ count, seqs: Array.from({ length: count }, (_, i) => i + 1) });
      expect(received.map((r) => r.sd.event)).toContain('identity-enrolled');
    } finally {
      await service.close();
    }
  });

  it('exec hands curl the identity in force: nginx sees the enrolled serial, then the renewed one', async () => {
    await ok(['add', 'broker', pki.rootRsa.certPath]);
    await ok(['identity', 'enroll', '--scep', scep.url, '--challenge-file', challengeFile, '--ca-fingerprint', scep.caFingerprint, '--cn', 'tc-mtls-scep-2']);
    const serialShown = async () => (JSON.parse(await ok(['identity', 'show', '--json'])) as { certificate: { serial: string } }).certificate.serial;
    const seenByNginx = async (): Promise<string> => {
      const out = path.join(mkdtempSync(path.join(work, 'curl-')), 'body');
      const script = `curl -sf --cert "$THINCERT_CLIENT_CERT" --key "$THINCERT_CLIENT_KEY" -o '${out}' https://127.0.0.1:${nginx.port}/`;
      const run = await thincert(dataDir, ['exec', 'broker', '--', 'sh', '-c', script], { env: { PATH: process.env.PATH } });
      expect(run.status, run.stderr).toBe(0);
      const [site, serial = ''] = readFileSync(out, 'utf8').trim().split(' ');
      return `${site ?? ''} ${hex(serial)}`;
    };

    const first = await serialShown();
    expect(await seenByNginx()).toBe(`broker ${hex(first)}`);

    await ok(['identity', 'renew', '--challenge-file', challengeFile]);
    const renewed = await serialShown();
    expect(hex(renewed)).not.toBe(hex(first));
    expect(await seenByNginx()).toBe(`broker ${hex(renewed)}`);
  });
});
