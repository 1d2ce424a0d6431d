/**
 * The audit trail with two processes changing the store at once (issue 13,
 * hole 7): the CLI adding certificates while the app adds and removes others.
 * Each change must be recorded exactly once, credited to whoever made it.
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { makeCertificates } from '../store/test-support/fixtures';
import { runChild } from '../store/test-support/processes';
import { openAuditLog } from './audit-log';
import { buildChild } from '../../../test/support/build-child';

const CLI_ADDS = 24;
const UI_POOL = 6;
const UI_ROUNDS = 3;

let work: string;
let child: string;
let cliFixtures: string;
let uiFixtures: string;
let cliFingerprints: string[];
let uiFingerprints: string[];
let pinned: { fingerprint: string; pem: string };
let pending: { fingerprint: string; pem: string };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'thincert-audit-processes-'));
  const [built, certs] = await Promise.all([buildChild(new URL('./test-support/audit-child.ts', import.meta.url), work), makeCertificates(work, CLI_ADDS + UI_POOL + 2)]);
  child = built;
  const [pinnedCert, pendingCert] = certs.splice(CLI_ADDS + UI_POOL, 2).map((c) => ({ fingerprint: c.fingerprint, pem: new X509Certificate(Buffer.from(c.der, 'base64')).toString() }));
  if (pinnedCert === undefined || pendingCert === undefined) throw new Error('fixtures missing');
  [pinned, pending] = [pinnedCert, pendingCert];
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
      runChild(child, ['adds', dataDir, 'cli', 'broker', cliFixtures]),
      runChild(child, ['churn', dataDir, 'ui', 'rdp', uiFixtures, String(UI_ROUNDS)]),
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

  it('records each wrong replacement code once, credited to whoever entered it, while the CLI adds certificates and the app and the CLI both enter codes', async () => {
    const dataDir = join(work, 'codes');
    await replacementRequired(dataDir);
    const uiAnswers = join(work, 'ui-answers.json');
    const cliAnswers = join(work, 'cli-answers.json');
    const exits = await Promise.all([
      runChild(child, ['adds', dataDir, 'cli', 'broker', cliFixtures]),
      runChild(child, ['codes', dataDir, 'ui', String(CODES_EACH), uiAnswers]),
      runChild(child, ['codes', dataDir, 'cli', String(CODES_EACH), cliAnswers]),
    ]);
    for (const exit of exits) expect(exit).toMatchObject({ code: 0, stderr: '' });

    // Who had which attempt, as each process was told: attemptsLeft 5 - k is the k-th wrong code (PROTOCOL.md §4.6).
    type Answer = { code: string; params: { attemptsLeft?: number; lockedUntil?: string } | null };
    const told = async (file: string, actor: string) =>
      (JSON.parse(await readFile(file, 'utf8')) as Answer[]).map((answer) => ({ actor, ...answer }));
    const answers = [...(await told(uiAnswers, 'ui')), ...(await told(cliAnswers, 'cli'))];
    const wrong = answers.filter((a) => a.code === 'code-wrong');
    expect(wrong.map((a) => a.params?.attemptsLeft).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(answers.filter((a) => a.code !== 'code-wrong').every((a) => a.code === 'locked-out')).toBe(true);

    const records = await openAuditLog(dataDir, systemClock).read();
    const rows = records.map((r) =>
      r.event === 'replacement-wrong-code'
        ? `${r.actor} wrong-code ${String(r.details.failedAttempts)}`
        : r.event === 'replacement-locked-out'
          ? `${r.actor} locked-out`
          : `${r.actor} ${r.event} ${String(r.details.purpose)} ${String(r.details.fingerprint)}`,
    );
    const expected = [
      ...cliFingerprints.map((f) => `cli certificate-added broker ${f}`),
      ...wrong.map((a) => `${a.actor} wrong-code ${5 - (a.params?.attemptsLeft ?? NaN)}`),
      ...wrong.filter((a) => a.params?.lockedUntil !== undefined).map((a) => `${a.actor} locked-out`),
    ];
    expect(rows.slice().sort()).toEqual(expected.slice().sort());
  }, 120_000);
});

const CODES_EACH = 15;

/** An enrolled device whose server presented an unknown certificate: the replacement form is open (PROTOCOL.md §4.1). */
async function replacementRequired(dataDir: string): Promise<void> {
  const folder = join(dataDir, 'management');
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await writeFile(join(folder, 'device.key'), randomBytes(32), { mode: 0o600 });
  const now = new Date().toISOString();
  await writeFile(
    join(folder, 'state.json'),
    JSON.stringify({
      version: 1,
      server: { host: 'ksc.test', port: 13292, connectTo: null },
      deviceId: 'tc-audit-test',
      enrolledAt: now,
      pinned,
      next: null,
      pending: { ...pending, seenAt: now },
      history: [],
      failedAttempts: 0,
      lockedUntil: null,
      lastSync: now,
      lastFailure: null,
      policyError: null,
      policy: null,
      policyOwned: {},
    }),
    { mode: 0o600 },
  );
}
