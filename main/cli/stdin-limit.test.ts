/**
 * `-` reads stdin, bounded as files are: a certificate, chain, CRL or
 * distrust input is at most 1 MiB, a `verify --stdin` batch at most 256 MiB.
 * More is refused in one line and changes nothing, and an endless input
 * (`< /dev/zero`) ends the CLI at once instead of filling its memory.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CERTIFICATE_BYTES } from '../../app/limits';
import { bundleCli } from './test-support/bundle-cli';
import { thincert } from './test-support/capture';

let work: string;
let cli: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'thincert-stdin-limit-'));
  cli = await bundleCli(path.join(work, 'thincert.cjs'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const TOO_LARGE = 'thincert: What came on stdin is more than 1048576 bytes (1 MiB), the most a certificate file may be.\n';

describe('stdin one byte over the limit', () => {
  for (const args of [
    ['add', 'rdp', '-'],
    ['crl', 'add', '-'],
    ['distrust', 'add', '-'],
    ['verify', 'rdp', '-'],
  ]) {
    it(`thincert ${args.join(' ')}: refused in one line, nothing written`, async () => {
      const dataDir = path.join(work, `over-${args.slice(0, 2).join('-')}`);
      const result = await thincert(dataDir, args, { stdin: Buffer.alloc(MAX_CERTIFICATE_BYTES + 1, 'A') });
      expect(result).toEqual({ status: 1, stdout: '', stderr: TOO_LARGE });
      expect(existsSync(dataDir)).toBe(false);
    });
  }
});

/** The built CLI with an stdin that never ends: zeros written until it exits. */
function withEndlessStdin(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, '--data-dir', path.join(work, 'endless'), ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
    const zeros = Buffer.alloc(64 * 1024);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The CLI stops reading and closes its end: the writes after that fail, as a producer's do.
    child.stdin.on('error', () => undefined);
    const feed = () => {
      while (child.exitCode === null && child.stdin.writable && child.stdin.write(zeros));
    };
    child.stdin.on('drain', feed);
    feed();
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

describe('stdin that never ends', () => {
  it('add rdp - stops reading past 1 MiB and says so', async () => {
    expect(await withEndlessStdin(['add', 'rdp', '-'])).toEqual({ code: 1, stderr: TOO_LARGE });
  });

  it('verify --stdin stops reading past 256 MiB and says so', async () => {
    expect(await withEndlessStdin(['verify', '--stdin'])).toEqual({
      code: 1,
      stderr: 'thincert: What came on stdin is more than 268435456 bytes (256 MiB), the most the lines of one verify --stdin may be.\n',
    });
  });
});
