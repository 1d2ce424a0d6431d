/**
 * `verify --stdin` on worker threads (issue 16 §1: ≥ 2,000 chains/s in one
 * process): the CLI as built (an esbuild bundle with verify-worker.cjs beside
 * it, as scripts/build.mjs lays them out) answers an input large enough for
 * threads exactly as the CLI judging in process does: the same outcome lines
 * in the same order, error lines in their places, the same exit status.
 * Also `verify FILE` through the contract for the formats `add` reads.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA, leafExtensions, ROOT, VerifyPki, type VerifyCert } from '../core/trust/test-support/verify-pki';
import { THREADED_FROM_LINES } from '../core/trust/verify-batch';
import { thincert } from './test-support/capture';

const REPO = path.resolve(__dirname, '..', '..');

let pki: VerifyPki;
let root: VerifyCert;
let inter: VerifyCert;
let leaves: VerifyCert[];
let bundleDir: string;
let dataDir: string;

beforeAll(async () => {
  pki = new VerifyPki();
  root = pki.issue('root', { extensions: ROOT });
  inter = pki.issue('inter', { issuer: root, extensions: CA });
  leaves = ['a', 'b', 'c'].map((n) => pki.issue(n, { issuer: inter, subject: `/CN=${n}.example.org`, extensions: leafExtensions(`${n}.example.org`) }));
  bundleDir = mkdtempSync(path.join(os.tmpdir(), 'thincert-verify-bundle-'));
  const bundle = (source: string, output: string) =>
    build({
      entryPoints: [path.join(REPO, source)],
      outfile: path.join(bundleDir, 'cli', output),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['electron'],
      logLevel: 'warning',
    });
  await Promise.all([bundle('main/cli/bin.ts', 'thincert.cjs'), bundle('main/core/trust/verify-worker.ts', 'verify-worker.cjs')]);
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-verify-threads-')), 'data');
  expect((await thincert(dataDir, ['add', 'broker', root.certPath])).status).toBe(0);
}, 120_000);

afterAll(() => {
  pki.cleanup();
  rmSync(bundleDir, { recursive: true, force: true });
});

function builtCli(args: string[], input: string) {
  const run = spawnSync(process.execPath, [path.join(bundleDir, 'cli', 'thincert.cjs'), '--data-dir', dataDir, ...args], { input, encoding: 'utf8', timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('verify --stdin on worker threads', () => {
  it('answers a large input line for line as in process: same order, error lines in place, same exit status', async () => {
    const line = (value: unknown) => JSON.stringify(value);
    const kinds = [
      (i: number) => line({ id: i, purpose: 'broker', chain: [leaves[i % 3]?.pem, inter.pem], name: `${'abc'[i % 3]}.example.org` }),
      (i: number) => line({ id: i, purpose: 'broker', chain: [leaves[i % 3]?.pem, inter.pem], name: 'other.example.org' }),
      (i: number) => line({ id: i, purpose: 'rdp', chain: [leaves[i % 3]?.pem, inter.pem], anchors: [root.pem] }),
      (i: number) => line({ id: i, purpose: 'broker', chain: [leaves[i % 3]?.pem, inter.pem], at: '2099-01-01' }),
      () => 'not json',
      (i: number) => line({ id: i, chain: [inter.pem] }),
      (i: number) => line({ id: { n: i }, purpose: 'broker', chain: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'] }),
      () => '',
    ];
    const lines = Array.from({ length: THREADED_FROM_LINES + 200 }, (_, i) => (kinds[i % kinds.length] as (i: number) => string)(i));
    const input = `${lines.join('\n')}\n`;
    const inProcess = await thincert(dataDir, ['verify', '--stdin'], { stdin: Buffer.from(input) });
    const threaded = builtCli(['verify', '--stdin'], input);
    expect(threaded.stderr).toBe('');
    expect(threaded.stdout).toBe(inProcess.stdout);
    expect(threaded.status).toBe(inProcess.status);
    expect(threaded.status).toBe(1);
    const answered = threaded.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: unknown; trusted?: boolean; error?: { code: string } });
    // Blank lines get no answer; every other line one, in input order.
    expect(answered).toHaveLength(lines.filter((l) => l !== '').length);
    expect(answered.slice(0, 6).map((o) => o.error?.code ?? o.trusted)).toEqual([true, false, true, false, 'bad-json', 'no-purpose']);
    expect(answered[6]).toMatchObject({ id: { n: 6 }, error: { code: expect.any(String) } });
    const ids = lines.flatMap((l, i) => (l === '' ? [] : [i % kinds.length === 4 ? null : i % kinds.length === 6 ? { n: i } : i]));
    expect(answered.map((o) => o.id)).toEqual(ids);
  }, 180_000);
});

describe('verify FILE through the contract', () => {
  it('reads a DER certificate, a PEM chain and a DER anchor file as add does', async () => {
    const der = (cert: VerifyCert) => pki.write(`${cert.name}.der`, Buffer.from(cert.pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    const leafDer = der(leaves[0] as VerifyCert);
    const chain = pki.write('chain-a.pem', `${(leaves[0] as VerifyCert).pem}${inter.pem}`);
    const pemRun = await thincert(dataDir, ['verify', 'broker', chain, '--name', 'a.example.org', '--json']);
    expect(pemRun.status).toBe(0);
    // A lone DER leaf: its issuer is neither sent nor stored.
    const derRun = await thincert(dataDir, ['verify', 'broker', leafDer, '--name', 'a.example.org', '--json']);
    expect(derRun.status).toBe(3);
    expect(JSON.parse(derRun.stdout)).toMatchObject({ trusted: false, chain: [{ subject: expect.stringContaining('a.example.org') }] });
    const whatIf = await thincert(dataDir, ['verify', 'broker', leafDer, '--anchors', der(inter), '--name', 'a.example.org', '--json']);
    expect(whatIf.status).toBe(0);
    expect(JSON.parse(whatIf.stdout)).toMatchObject({ trusted: true, by: 'anchor' });
    const empty = await thincert(dataDir, ['verify', 'broker', chain, '--anchors', pki.write('empty.pem', '')]);
    expect(empty.status).toBe(1);
    expect(empty.stderr).not.toBe('');
  });
});
