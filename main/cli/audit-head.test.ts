/**
 * `thincert audit --verify` and head.json (issue 13, hole 8): the head names
 * the newest record, so cutting records from the end is caught also when the
 * head is deleted or garbled with it, and a later change does not wash the
 * mark away. A head one append behind is what a crash leaves: not tampering.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../test/peers/test-pki';
import { GENESIS, hashLine } from '../core/audit/record';
import { thincert } from './test-support/capture';

let pki: TestPki;
let dataDir: string;
let logFile: string;
let headPath: string;

beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => {
  pki?.cleanup();
});

/** Three records: broker root added, rdp root added, rdp intermediate added. */
beforeEach(async () => {
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-cli-audit-head-')), 'data');
  logFile = path.join(dataDir, 'audit', 'audit-000001.jsonl');
  headPath = path.join(dataDir, 'audit', 'head.json');
  for (const args of [
    ['add', 'broker', pki.rootEc.certPath],
    ['add', 'rdp', pki.rootRsa.certPath],
    ['add', 'rdp', pki.intermediate.certPath],
  ]) {
    expect((await thincert(dataDir, args)).status).toBe(0);
  }
});

function lines(): string[] {
  return readFileSync(logFile, 'utf8').split('\n').filter((l) => l !== '');
}

function cutLast(): void {
  writeFileSync(logFile, `${lines().slice(0, -1).join('\n')}\n`);
}

describe('thincert audit --verify and head.json', () => {
  it('names a cut end whose head.json was deleted too (exit 1)', async () => {
    cutLast();
    rmSync(headPath);
    const run = await thincert(dataDir, ['audit', '--verify']);
    expect(run).toEqual({
      status: 1,
      stdout: 'The audit log was altered: head.json, which names the newest record, was deleted while the log holds records 1 to 2: records may have been cut from the end.\n',
      stderr: '',
    });
    const json = JSON.parse((await thincert(dataDir, ['audit', '--verify', '--json'])).stdout) as unknown;
    expect(json).toMatchObject({ intact: false, records: 2, problem: { kind: 'head-missing', seq: 2 } });
  });

  it('names a deleted head.json alone (exit 1)', async () => {
    rmSync(headPath);
    const run = await thincert(dataDir, ['audit', '--verify', '--json']);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ intact: false, records: 3, problem: { kind: 'head-missing', seq: 3 } });
  });

  it('names a garbled head.json (exit 1): its writes are atomic, so no crash leaves it so', async () => {
    cutLast();
    writeFileSync(headPath, '{"seq":');
    const run = await thincert(dataDir, ['audit', '--verify']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('The audit log was altered: head.json, which names the newest record, was changed: it is not a valid head.\n');
  });

  it('keeps naming the cut after the next change instead of letting it rewrite head.json (exit 1)', async () => {
    cutLast();
    rmSync(headPath);
    expect((await thincert(dataDir, ['add', 'broker', pki.rootRsa.certPath])).status).toBe(0);
    const run = await thincert(dataDir, ['audit', '--verify', '--json']);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ intact: false, records: 3, problem: { kind: 'head-missing' } });
    expect(existsSync(headPath)).toBe(false);
  });

  it('takes a head one record behind for a crash before its write (exit 0), but not one holding another hash of that record (exit 1)', async () => {
    const [first, second] = lines();
    writeFileSync(headPath, JSON.stringify({ seq: 2, hash: hashLine(second ?? '') }));
    expect(await thincert(dataDir, ['audit', '--verify'])).toMatchObject({ status: 0, stdout: 'The audit log is intact: 3 records, chain verified.\n' });
    // The next change brings the head up to date again.
    expect((await thincert(dataDir, ['add', 'broker', pki.rootRsa.certPath])).status).toBe(0);
    expect(JSON.parse(readFileSync(headPath, 'utf8'))).toMatchObject({ seq: 4 });

    writeFileSync(headPath, JSON.stringify({ seq: 2, hash: hashLine(first ?? '') }));
    const run = await thincert(dataDir, ['audit', '--verify']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('The audit log was altered: Record 2 (audit-000001.jsonl line 2) was changed: head.json holds another hash of it.\n');
  });

  it('takes head.json still at 0 after the first record for a crash before its write (exit 0)', async () => {
    const fresh = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-cli-audit-head-')), 'data');
    expect(await thincert(fresh, ['audit', '--verify'])).toMatchObject({ status: 0, stdout: 'The audit log is intact: 0 records, chain verified.\n' });
    expect((await thincert(fresh, ['add', 'rdp', pki.rootRsa.certPath])).status).toBe(0);
    // The state a crash right after the first record's fsync leaves: the head written before it, still at 0.
    writeFileSync(path.join(fresh, 'audit', 'head.json'), JSON.stringify({ seq: 0, hash: GENESIS }));
    expect(await thincert(fresh, ['audit', '--verify'])).toMatchObject({ status: 0, stdout: 'The audit log is intact: 1 record, chain verified.\n' });
  });
});
