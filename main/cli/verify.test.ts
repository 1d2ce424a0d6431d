/**
 * `thincert verify` (issue 16 §1) through the CLI: the store or a what-if
 * anchor file, --at and the clock rules, the name left unchecked, exit
 * statuses, and `--stdin` JSON lines (order, malformed lines, anchors per line).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CA, leafExtensions, ROOT, VerifyPki, type VerifyCert } from '../core/trust/test-support/verify-pki';
import { thincert } from './test-support/capture';
import { snapshotOf } from './test-support/data-snapshot';

let pki: VerifyPki;
let root: VerifyCert;
let otherRoot: VerifyCert;
let inter: VerifyCert;
let leaf: VerifyCert;
let selfSigned: VerifyCert;
let chainFile: string;
let dataDir: string;

beforeAll(() => {
  pki = new VerifyPki();
  root = pki.issue('root', { extensions: ROOT });
  otherRoot = pki.issue('other-root', { extensions: ROOT });
  inter = pki.issue('inter', { issuer: root, extensions: CA });
  leaf = pki.issue('leaf', { issuer: inter, subject: '/CN=broker.example.org', extensions: leafExtensions('broker.example.org') });
  selfSigned = pki.issue('self', { subject: '/CN=rdp1.example.org', extensions: leafExtensions('rdp1.example.org', { authorityKeyIdentifier: null }) });
  chainFile = pki.write('chain.pem', leaf.pem + inter.pem);
});

afterAll(() => pki.cleanup());

beforeEach(() => {
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-verify-cli-')), 'data');
});

const snapshot = () => snapshotOf(dataDir);

const json = (stdout: string) => JSON.parse(stdout) as { trusted: boolean; by: string | null; nameChecked: boolean; reasons: { code: string; message: string }[]; at: string };

describe('verify PURPOSE CHAIN_FILE', () => {
  it('judges against the stored anchors: trusted by anchor for the right name, exit 3 with name-mismatch for another', async () => {
    expect((await thincert(dataDir, ['add', 'broker', root.certPath])).status).toBe(0);
    const good = await thincert(dataDir, ['verify', 'broker', chainFile, '--name', 'broker.example.org', '--json']);
    expect(good.status).toBe(0);
    expect(json(good.stdout)).toMatchObject({ trusted: true, by: 'anchor', nameChecked: true });
    const other = await thincert(dataDir, ['verify', 'broker', chainFile, '--name', 'other.example.org']);
    expect(other.status).toBe(3);
    expect(other.stdout).toContain('NOT TRUSTED');
    expect(other.stdout).toMatch(/other\.example\.org/);
    // Another purpose has nothing stored.
    const rdp = await thincert(dataDir, ['verify', 'rdp', chainFile, '--name', 'broker.example.org', '--json']);
    expect(rdp.status).toBe(3);
    expect(json(rdp.stdout).reasons.map((r) => r.code)).toContain('anchor-other-purpose');
  });

  it('without --name: trusted by the anchor with the name check reported as skipped', async () => {
    await thincert(dataDir, ['add', 'broker', root.certPath]);
    const run = await thincert(dataDir, ['verify', 'broker', chainFile]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Name not checked');
    const machine = await thincert(dataDir, ['verify', 'broker', chainFile, '--json']);
    expect(json(machine.stdout)).toMatchObject({ trusted: true, nameChecked: false });
  });

  it('a pinned leaf is trusted by its pin, as check would', async () => {
    await thincert(dataDir, ['add', 'rdp', selfSigned.certPath]);
    const run = await thincert(dataDir, ['verify', 'rdp', selfSigned.certPath, '--name', 'rdp1.example.org', '--json']);
    expect(run.status).toBe(0);
    expect(json(run.stdout).by).toBe('pinned-leaf');
  });

  it('--anchors FILE judges against that file instead of the store, and writes nothing', async () => {
    await thincert(dataDir, ['add', 'broker', otherRoot.certPath]);
    const before = snapshot();
    const whatIf = await thincert(dataDir, ['verify', 'broker', chainFile, '--name', 'broker.example.org', '--anchors', root.certPath, '--json']);
    expect(whatIf.status).toBe(0);
    expect(json(whatIf.stdout).by).toBe('anchor');
    // Non-CA certificates in the file act as pins.
    const pinned = await thincert(dataDir, ['verify', 'rdp', selfSigned.certPath, '--anchors', selfSigned.certPath, '--json']);
    expect(json(pinned.stdout).by).toBe('pinned-leaf');
    // The stored root alone does not issue this chain.
    const stored = await thincert(dataDir, ['verify', 'broker', chainFile, '--name', 'broker.example.org']);
    expect(stored.status).toBe(3);
    expect(snapshot()).toEqual(before);
  });

  it('--at: expired on the day after notAfter; an explicit time is not the device clock, so clock-wrong does not fire for it', async () => {
    await thincert(dataDir, ['add', 'broker', root.certPath]);
    const later = await thincert(dataDir, ['verify', 'broker', chainFile, '--name', 'broker.example.org', '--at', new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10), '--json']);
    expect(later.status).toBe(3);
    expect(json(later.stdout).reasons.map((r) => r.code)).toContain('expired');
    // A thin client booted in 1970: without --at the clock is wrong; with --at the chosen time is judged.
    const env = { THINCERT_NOW: '1970-01-02T00:00:00Z' };
    const wrongClock = await thincert(dataDir, ['verify', 'broker', chainFile, '--name', 'broker.example.org', '--json'], { env });
    expect(json(wrongClock.stdout).reasons.map((r) => r.code)).toContain('clock-wrong');
    const chosen = await thincert(dataDir, ['verify', 'broker', chainFile, '--name', 'broker.example.org', '--at', new Date().toISOString(), '--json'], { env });
    expect(json(chosen.stdout)).toMatchObject({ trusted: true });
  });

  it('exit 1 for an unreadable chain file, exit 2 for usage errors, and nothing written', async () => {
    const before = snapshot();
    const garbage = pki.write('garbage.txt', 'not a certificate\n');
    const unreadable = await thincert(dataDir, ['verify', 'broker', garbage]);
    expect(unreadable.status).toBe(1);
    expect(unreadable.stderr).toMatch(/^thincert: /);
    expect((await thincert(dataDir, ['verify', 'broker', path.join(pki.dir, 'missing.pem')])).status).toBe(1);
    expect((await thincert(dataDir, ['verify', 'broker', chainFile, '--at', 'tomorrow'])).status).toBe(2);
    expect((await thincert(dataDir, ['verify', 'broker', chainFile, '--name', 'bad name'])).status).toBe(2);
    expect((await thincert(dataDir, ['verify', 'nosuch', chainFile])).status).toBe(2);
    expect((await thincert(dataDir, ['verify', 'broker'])).status).toBe(2);
    expect((await thincert(dataDir, ['verify', 'broker', chainFile, '--stdin'])).status).toBe(2);
    expect(snapshot()).toEqual(before);
  });
});

describe('verify --stdin', () => {
  const line = (value: unknown) => `${JSON.stringify(value)}\n`;

  it('answers every line in input order, a malformed line with an error line carrying its id, and goes on', async () => {
    await thincert(dataDir, ['add', 'broker', root.certPath]);
    const chain = [leaf.pem, inter.pem];
    const input = [
      line({ id: 1, purpose: 'broker', chain, name: 'broker.example.org' }),
      'this is not json\n',
      line({ id: 'two', purpose: 'broker', chain, name: 'wrong.example.org' }),
      line({ id: { n: 3 }, purpose: 'broker', chain: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'] }),
      line({ id: 4, purpose: 'nosuch', chain }),
      line({ id: 5, chain }),
      '\n',
      line({ id: 6, purpose: 'rdp', chain, anchors: [root.pem], name: 'broker.example.org' }),
      line({ id: 7, purpose: 'broker', chain, name: 'broker.example.org', at: '2099-01-01' }),
      line({ id: 8, purpose: 'broker', chain }),
    ].join('');
    const run = await thincert(dataDir, ['verify', '--stdin'], { stdin: Buffer.from(input) });
    const out = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out.map((o) => o.id)).toEqual([1, null, 'two', { n: 3 }, 4, 5, 6, 7, 8]);
    expect(out[0]).toMatchObject({ trusted: true, by: 'anchor', reasons: [] });
    expect(out[1]).toMatchObject({ error: { code: 'bad-json' } });
    expect(out[2]).toMatchObject({ trusted: false });
    expect((out[2]?.reasons as { code: string }[]).map((r) => r.code)).toContain('name-mismatch');
    expect(out[3]).toHaveProperty('error.code');
    expect(out[4]).toMatchObject({ error: { code: 'bad-line' } });
    expect(out[5]).toMatchObject({ error: { code: 'no-purpose' } });
    expect(out[6]).toMatchObject({ trusted: true, by: 'anchor' });
    expect(out[7]).toMatchObject({ trusted: false });
    expect(out[8]).toMatchObject({ trusted: true, nameChecked: false });
    // Lines that could not be judged make the run exit 1.
    expect(run.status).toBe(1);
  });

  it('a PURPOSE on the command line serves lines without one; all trusted exits 0, one untrusted exits 3', async () => {
    await thincert(dataDir, ['add', 'broker', root.certPath]);
    const chain = [leaf.pem, inter.pem];
    const many = Array.from({ length: 50 }, (_, i) => line({ id: i, chain, name: 'broker.example.org' })).join('');
    const all = await thincert(dataDir, ['verify', 'broker', '--stdin'], { stdin: Buffer.from(many) });
    expect(all.status).toBe(0);
    expect(all.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: number }).id)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const one = await thincert(dataDir, ['verify', 'broker', '--stdin'], { stdin: Buffer.from(many + line({ id: 'x', chain, name: 'x.test' })) });
    expect(one.status).toBe(3);
  });
});
