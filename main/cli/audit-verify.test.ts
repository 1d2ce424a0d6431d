/** `thincert audit` listing and `--verify` (CLI.md, issue 10): what a script or an auditor sees. */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, beforeEach, afterAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../test/peers/test-pki';
import { thincert } from './test-support/capture';

let pki: TestPki;
let dataDir: string;
let logFile: string;

beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => {
  pki?.cleanup();
});

/** Four records: broker root added, rdp root added, broker root removed, rdp intermediate added. */
beforeEach(async () => {
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-cli-audit-')), 'data');
  logFile = path.join(dataDir, 'audit', 'audit-000001.jsonl');
  for (const args of [
    ['add', 'broker', pki.rootEc.certPath],
    ['add', 'rdp', pki.rootRsa.certPath],
    ['remove', 'broker', pki.rootEc.x509.fingerprint256],
    ['add', 'rdp', pki.intermediate.certPath],
  ]) {
    expect((await thincert(dataDir, args)).status).toBe(0);
  }
});

function lines(): string[] {
  return readFileSync(logFile, 'utf8').split('\n').filter((l) => l !== '');
}

function rewrite(edit: (lines: string[]) => string[]): void {
  writeFileSync(logFile, `${edit(lines()).join('\n')}\n`);
}

describe('thincert audit', () => {
  it('lists the records oldest first, one per line, with who did what', async () => {
    const run = await thincert(dataDir, ['audit']);
    expect(run.status).toBe(0);
    const rows = run.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^ {5}1 {2}\d{4}-\d\d-\d\dT\S+Z {2}cli {4}certificate-added +purpose=broker fingerprint=\S+ subject=.*ThinCert Test Root EC.* source=manual$/);
    expect(rows[2]).toMatch(/^ {5}3 .* certificate-removed +purpose=broker /);
  });

  it('--since SEQ lists only later records; --json gives them whole', async () => {
    const run = await thincert(dataDir, ['audit', '--since', '2', '--json']);
    expect(run.status).toBe(0);
    const { records } = JSON.parse(run.stdout) as { records: { seq: number; event: string; details: { purpose: string } }[] };
    expect(records.map((r) => [r.seq, r.event, r.details.purpose])).toEqual([
      [3, 'certificate-removed', 'broker'],
      [4, 'certificate-added', 'rdp'],
    ]);
    expect((await thincert(dataDir, ['audit', '--since', '4'])).stdout).toBe('No audit records.\n');
  });

  it('refuses a --since that is not a record number (exit 2)', async () => {
    const run = await thincert(dataDir, ['audit', '--since', 'yesterday']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--since takes a record number/);
  });
});

describe('thincert audit --verify', () => {
  it('says the log is intact (exit 0)', async () => {
    const run = await thincert(dataDir, ['audit', '--verify']);
    expect(run).toEqual({ status: 0, stdout: 'The audit log is intact: 4 records, chain verified.\n', stderr: '' });
    const json = await thincert(dataDir, ['audit', '--verify', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ intact: true, records: 4, lastSeq: 4, problem: null, damagedTail: null });
  });

  it('names an edited record (exit 1)', async () => {
    rewrite((l) => l.map((line, i) => (i === 1 ? line.replace('"purpose":"rdp"', '"purpose":"broker"') : line)));
    const run = await thincert(dataDir, ['audit', '--verify']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('The audit log was altered: Record 2 (audit-000001.jsonl line 2) was changed: record 3 holds another hash of it.\n');
  });

  it('names a removed record (exit 1)', async () => {
    rewrite((l) => l.filter((_, i) => i !== 1));
    const run = await thincert(dataDir, ['audit', '--verify']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('The audit log was altered: Record 2 is missing before audit-000001.jsonl line 2: it was removed.\n');
  });

  it('names swapped records (exit 1)', async () => {
    rewrite((l) => [l[0] ?? '', l[2] ?? '', l[1] ?? '', l[3] ?? '']);
    const run = await thincert(dataDir, ['audit', '--verify', '--json']);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ intact: false, problem: { kind: 'reordered', seq: 2, line: 2 } });
  });

  it('names the removed last record (exit 1)', async () => {
    rewrite((l) => l.slice(0, -1));
    const run = await thincert(dataDir, ['audit', '--verify']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('The audit log was altered: Records 4 to 4 were removed from the end of the log.\n');
  });

  it('calls a half-written last line a crash, not tampering (exit 0); the next change sets it aside and records that', async () => {
    const half = '{"seq":5,"time":"2026-11-02T10:00:00.000Z","ev';
    appendFileSync(logFile, half);
    const run = await thincert(dataDir, ['audit', '--verify']);
    expect(run).toEqual({
      status: 0,
      stdout:
        'The audit log is intact: 4 records, chain verified.\n' +
        `A half-written last line (${Buffer.byteLength(half)} bytes, left by a crash) is set aside at the next change; it is not tampering.\n`,
      stderr: '',
    });

    expect((await thincert(dataDir, ['add', 'broker', pki.rootEc.certPath])).status).toBe(0);
    expect(await thincert(dataDir, ['audit', '--verify'])).toMatchObject({ status: 0, stdout: 'The audit log is intact: 6 records, chain verified.\n' });
    const { records } = JSON.parse((await thincert(dataDir, ['audit', '--since', '4', '--json'])).stdout) as { records: { seq: number; event: string; actor: string }[] };
    expect(records.map((r) => [r.seq, r.event, r.actor])).toEqual([
      [5, 'audit-tail-damaged', 'system'],
      [6, 'certificate-added', 'cli'],
    ]);
  });
});
