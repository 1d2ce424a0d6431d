/**
 * At-least-once delivery across a crash (issue 10): a `thincert audit --send`
 * process is SIGKILLed while it streams a large backlog to a real rsyslog;
 * the next `--send` must fill every gap. Repeats of records the server
 * already had are allowed, a missing record is not.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { covers, startRsyslog, waitForRecords, type RsyslogPeer } from '../../test/peers/rsyslog';
import { createTestPki, type TestPki } from '../../test/peers/test-pki';
import { systemClock } from '../core/clock';
import { openAuditLog } from '../core/audit/audit-log';
import type { AuditDetails } from '../core/audit/record';
import { bundleCli } from './test-support/bundle-cli';
import { thincert } from './test-support/capture';

const RECORDS_PER_ATTEMPT = 3_000;
const MAX_ATTEMPTS = 5;

let work: string;
let cli: string;
let pki: TestPki;
let rsyslog: RsyslogPeer;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'thincert-audit-kill-'));
  cli = path.join(work, 'thincert.cjs');
  pki = createTestPki();
  const [, peer] = await Promise.all([
    bundleCli(cli),
    startRsyslog({
      caPath: pki.rootRsa.certPath,
      certificatePath: pki.pki.bundle('log-ip-chain', [pki.ipAddress, pki.intermediate]),
      keyPath: pki.ipAddress.keyPath,
    }),
  ]);
  rsyslog = peer;
});
afterAll(async () => {
  await rsyslog?.stop();
  pki?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

function cursorOf(dataDir: string): number {
  try {
    return (JSON.parse(readFileSync(path.join(dataDir, 'audit', 'delivery.json'), 'utf8')) as { lastSent: number }).lastSent;
  } catch {
    return 0; // not written yet, or being replaced this instant
  }
}

describe('SIGKILL of thincert audit --send in the middle of sending', () => {
  it('loses nothing: after the next --send every record is at the server (repeats allowed, no gap)', async () => {
    const dataDir = path.join(work, 'data');
    const setup = async (args: string[]) => expect((await thincert(dataDir, args)).status).toBe(0);
    await setup(['add', 'logServer', pki.rootRsa.certPath]);
    await setup(['config', 'set', 'logServer', `127.0.0.1:${rsyslog.port}`]);
    const log = openAuditLog(dataDir, systemClock);
    const details = (n: number): AuditDetails => ({ purpose: 'rdp', fingerprint: n.toString(16).padStart(64, '0').toUpperCase(), subject: `CN=host-${n}.test`, source: 'policy' });

    let killedAt: { cursor: number; lastSeq: number } | null = null;
    let attempts = 0;
    while (killedAt === null && attempts < MAX_ATTEMPTS) {
      attempts++;
      // A large policy import: many records in few writes, as appendMany makes them.
      for (let batch = 0; batch < RECORDS_PER_ATTEMPT / 100; batch++) {
        await log.appendMany(Array.from({ length: 100 }, (_, i) => ({ event: 'certificate-added' as const, details: details(batch * 100 + i) })), 'policy');
      }
      const lastSeq = (await log.verify()).lastSeq;
      const startCursor = cursorOf(dataDir);
      const sender = spawn(process.execPath, [cli, 'audit', '--send'], { env: { ...process.env, THINCERT_DATA_DIR: dataDir }, stdio: 'ignore' });
      const exit = new Promise<NodeJS.Signals | null>((resolve) => sender.once('close', (_code, signal) => resolve(signal)));
      let exited = false;
      void exit.then(() => (exited = true));
      // The sender saves its cursor after each batch of 500 records; kill after a random
      // number of batches and a random few milliseconds more, i.e. somewhere mid-stream.
      const batchesOut = 1 + Math.floor(Math.random() * 4);
      while (!exited && cursorOf(dataDir) < startCursor + batchesOut * 500) await sleep(1);
      await sleep(Math.random() * 10);
      sender.kill('SIGKILL');
      const signal = await exit;
      const cursor = cursorOf(dataDir);
      if (signal === 'SIGKILL' && cursor < lastSeq) killedAt = { cursor, lastSeq };
    }
    expect(killedAt, `the sender finished before every one of ${attempts} kills`).not.toBeNull();
    const { cursor, lastSeq } = killedAt ?? { cursor: 0, lastSeq: 0 };
    const beforeRerun = await waitForRecords(rsyslog.messagesPath, (r) => covers(r, cursor), 15_000);

    const rerun = await thincert(dataDir, ['audit', '--send']);
    expect(rerun).toMatchObject({ status: 0, stderr: '' });
    expect(rerun.stdout).toBe(`${lastSeq - cursor} records sent to 127.0.0.1:${rsyslog.port}; 0 waiting.\n`);

    const received = await waitForRecords(rsyslog.messagesPath, (r) => covers(r, lastSeq), 30_000);
    expect(covers(received, lastSeq)).toBe(true);
    const seqs = received.map((r) => r.sd.seq);
    const duplicates = seqs.length - new Set(seqs).size;
    // Only what went after the last saved cursor can come twice.
    for (const seq of seqs.filter((s, i) => seqs.indexOf(s) !== i)) expect(seq).toBeGreaterThan(cursor);
    console.info(
      `kill test: ${lastSeq} records made (${attempts} × ${RECORDS_PER_ATTEMPT} by appendMany + 1 add), sender SIGKILLed with the cursor at ${cursor}; ` +
        `${beforeRerun.length} received before the rerun, rerun sent ${lastSeq - cursor}; ${seqs.length} received in all, ${new Set(seqs).size} distinct, ${duplicates} duplicates, 0 missing`,
    );
  }, 60_000);
});
