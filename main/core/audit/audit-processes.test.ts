/**
 * The audit trail with two processes changing the store at once (issue 13,
 * hole 7): the CLI adding certificates while the app adds and removes others.
 * Each change must be recorded exactly once, credited to whoever made it.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { makeCertificates } from '../store/test-support/fixtures';
import { runChild } from '../store/test-support/processes';
import { openAuditLog } from './audit-log';
import { buildAuditChild } from './test-support/build-audit-child';

const CLI_ADDS = 24;
const UI_POOL = 6;
const UI_ROUNDS = 3;

let work: string;
let child: string;
let cliFixtures: string;
let uiFixtures: string;
let cliFingerprints: string[];
let uiFingerprints: string[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'thincert-audit-processes-'));
  const [built, certs] = await Promise.all([buildAuditChild(work), makeCertificates(work, CLI_ADDS + UI_POOL)]);
  child = built;
  const fixtures = certs.map((c) => ({ fingerprint: c.fingerprint, pem: new X509Certificate(Buffer.from(c.der, 'base64')).toString() }));
  cliFixtures = join(work, 'cli.json');
  uiFixtures = join(work, 'ui.json');
  await writeFile(cliFixtures, JSON.stringify(fixtures.slice(0, CLI_ADDS)));
  await writeFile(uiFixtures, JSON.stringify(fixtures.slice(CLI_ADDS)));
  cliFingerprints = fixtures.slice(0, CLI_ADDS).map((f) => f.fingerprint);
  uiFingerprints = fixtures.slice(CLI_ADDS).map((f) => f.fingerprint);
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the audit trail across processes', () => {
  it("records each change exactly once, credited to its actor, while the CLI adds broker certificates and the app adds and removes rdp ones", async () => {
    const dataDir = join(work, 'data');
    const exits = await Promise.all([
      runChild(child, ['adds', dataDir, cliFixtures, 'cli', 'broker']),
      runChild(child, ['churn', dataDir, uiFixtures, 'ui', 'rdp', String(UI_ROUNDS)]),
    ]);
    for (const exit of exits) expect(exit).toMatchObject({ code: 0, stderr: '' });

    const log = openAuditLog(dataDir, systemClock);
    const records = await log.read();
    const rows = records.map((r) => `${r.actor} ${r.event} ${String(r.details.purpose)} ${String(r.details.fingerprint)}`);
    const expected = [
      ...cliFingerprints.map((f) => `cli certificate-added broker ${f}`),
      ...Array.from({ length: UI_ROUNDS }, () => uiFingerprints.flatMap((f) => [`ui certificate-added rdp ${f}`, `ui certificate-removed rdp ${f}`])).flat(),
    ];
    // Same records, any interleaving: nothing twice, nothing missing, nobody credited with another's change.
    expect(rows.slice().sort()).toEqual(expected.slice().sort());
    // Each process's own changes appear in the order it made them.
    expect(rows.filter((r) => r.startsWith('cli '))).toEqual(cliFingerprints.map((f) => `cli certificate-added broker ${f}`));
    expect(rows.filter((r) => r.startsWith('ui '))).toEqual(
      Array.from({ length: UI_ROUNDS }, () => [...uiFingerprints.map((f) => `ui certificate-added rdp ${f}`), ...uiFingerprints.map((f) => `ui certificate-removed rdp ${f}`)]).flat(),
    );
    expect(await log.verify()).toMatchObject({ intact: true, problem: null });
  }, 120_000);
});
