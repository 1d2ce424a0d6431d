/**
 * verify-pool.ts (issue 16 §1): chunks of `verify --stdin` lines judged on
 * worker threads come back in input order and agree with judging in
 * process; a worker that cannot run leaves the batch to be judged in process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock';
import { CA, leafExtensions, ROOT, VerifyPki, type VerifyCert } from './test-support/verify-pki';
import { THREADED_FROM_LINES, verifyBatch } from './verify-batch';
import { chainCertificate } from './chain-certificate';
import { judgeInWorkers } from './verify-pool';
import { snapshotOf } from './verify-snapshot';
import type { VerifyDeps } from './verify-chain';

let pki: VerifyPki;
let root: VerifyCert;
let leaf: VerifyCert;
let dir: string;
let script: string;
let deps: VerifyDeps;

beforeAll(async () => {
  pki = new VerifyPki();
  root = pki.issue('root', { extensions: ROOT });
  const inter = pki.issue('inter', { issuer: root, extensions: CA });
  leaf = pki.issue('leaf', { issuer: inter, subject: '/CN=www.example.org', extensions: leafExtensions('www.example.org') });
  leaf = { ...leaf, pem: leaf.pem + inter.pem };
  dir = mkdtempSync(path.join(os.tmpdir(), 'thincert-verify-pool-'));
  script = path.join(dir, 'verify-worker.cjs');
  await build({ entryPoints: [path.join(__dirname, 'verify-worker.ts')], outfile: script, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  const rootDer = chainCertificate(Buffer.from(root.pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
  deps = {
    stored: [{ fingerprint: rootDer.details.fingerprint, der: rootDer.der.toString('base64'), details: rootDer.details, purposes: ['broker'], source: 'manual', label: null, addedAt: '2026-01-01T00:00:00.000Z' }],
    clock: fixedClock(new Date()),
  };
}, 120_000);

afterAll(() => {
  pki.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** Lines whose answers differ by position: trusted, wrong name, no purpose, not JSON. */
function lines(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    [
      JSON.stringify({ id: i, purpose: 'broker', chain: [leaf.pem], name: 'www.example.org' }),
      JSON.stringify({ id: i, purpose: 'broker', chain: [leaf.pem], name: `n${i}.example.org` }),
      JSON.stringify({ id: i, chain: [leaf.pem] }),
      `{"id": ${i},`,
    ][i % 4] as string,
  );
}

describe('verify --stdin worker threads', () => {
  it('answer every chunk, in input order, what judging in process answers', async () => {
    const input = lines(300);
    const snapshot = snapshotOf(deps, deps.clock.now());
    if (snapshot === null) throw new Error('no snapshot');
    const threaded = await judgeInWorkers(input, snapshot, undefined, script, 3);
    const inProcess = await verifyBatch({ lines: input }, deps, { workerScript: null });
    expect(threaded).toEqual(inProcess.outcomes);
    expect(threaded.map((o) => ('error' in o ? o.error.code : o.trusted))).toEqual(
      input.map((_, i) => [true, false, 'no-purpose', 'bad-json'][i % 4]),
    );
    expect(threaded.filter((o) => 'trusted' in o && !o.trusted).every((o) => 'reasons' in o && o.reasons.some((r) => r.code === 'name-mismatch'))).toBe(true);
  }, 60_000);

  it('carry the stored anchors and the purpose given for lines without one', async () => {
    const input = lines(THREADED_FROM_LINES);
    const batch = await verifyBatch({ lines: input, purpose: 'broker' }, deps, { workerScript: script, threads: 2 });
    expect(batch).toMatchObject({ judged: input.length - input.length / 4, errors: input.length / 4, untrusted: input.length / 4 });
    expect(batch.outcomes.map((o) => o.id)).toEqual(input.map((_, i) => (i % 4 === 3 ? null : i)));
  }, 60_000);

  it('that cannot start leave the batch to be judged in process, answered in full', async () => {
    const broken = path.join(dir, 'broken-worker.cjs');
    writeFileSync(broken, 'throw new Error("this worker cannot start");\n');
    const input = lines(THREADED_FROM_LINES);
    const snapshot = snapshotOf(deps, deps.clock.now());
    if (snapshot === null) throw new Error('no snapshot');
    await expect(judgeInWorkers(input, snapshot, undefined, broken, 3)).rejects.toThrow();
    const batch = await verifyBatch({ lines: input }, deps, { workerScript: broken, threads: 3 });
    expect(batch.outcomes).toEqual((await verifyBatch({ lines: input }, deps, { workerScript: null })).outcomes);
    expect(batch.outcomes).toHaveLength(input.length);
  }, 60_000);
});

describe('verify --stdin on this thread and worker threads together', () => {
  it('share the chunks out and still answer in input order', async () => {
    const input = lines(THREADED_FROM_LINES + 100);
    const snapshot = snapshotOf(deps, deps.clock.now());
    if (snapshot === null) throw new Error('no snapshot');
    const judgedHere: number[] = [];
    const here = async (chunk: readonly string[]) => {
      judgedHere.push(chunk.length);
      return (await verifyBatch({ lines: [...chunk] }, deps, { workerScript: null })).outcomes;
    };
    const shared = await judgeInWorkers(input, snapshot, undefined, script, 1, here);
    expect(shared).toEqual((await verifyBatch({ lines: input }, deps, { workerScript: null })).outcomes);
    // Both took part: this thread judged some chunks, the worker the rest.
    expect(judgedHere.length).toBeGreaterThan(0);
    expect(judgedHere.reduce((a, b) => a + b, 0)).toBeLessThan(input.length);
  }, 60_000);
});

describe('verify --stdin worker threads kept between batches', () => {
  it("judge each batch with that batch's own store, not the one they were first given", async () => {
    const input = lines(200);
    const withRoot = snapshotOf(deps, deps.clock.now());
    const emptyDeps: VerifyDeps = { ...deps, stored: [] };
    const withoutRoot = snapshotOf(emptyDeps, deps.clock.now());
    if (withRoot === null || withoutRoot === null) throw new Error('no snapshot');
    const first = await judgeInWorkers(input, withRoot, undefined, script, 2);
    const second = await judgeInWorkers(input, withoutRoot, undefined, script, 2);
    expect(first).toEqual((await verifyBatch({ lines: input }, deps, { workerScript: null })).outcomes);
    expect(second).toEqual((await verifyBatch({ lines: input }, emptyDeps, { workerScript: null })).outcomes);
    // The store made the difference: with it the good lines are trusted, without it none is.
    expect(first.some((o) => 'trusted' in o && o.trusted)).toBe(true);
    expect(second.some((o) => 'trusted' in o && o.trusted)).toBe(false);
  }, 60_000);
});
