/**
 * The CLI's output going nowhere: a reader that stops reading
 * (`thincert list | head -1`) and a stdout that cannot take it (a full disk).
 * Run as its own process, as a shell runs it: the first ends as the command
 * would have, quietly; the second says so in one line and exits 1. Before,
 * both ended with Node's stack trace of an unhandled 'error' event.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from './test-support/bundle-cli';

let work: string;
let cli: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'thincert-closed-output-'));
  cli = await bundleCli(path.join(work, 'thincert.cjs'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(stdout: 'pipe' | number, closeReader: boolean): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, '--data-dir', path.join(work, 'data'), 'list', '--json'], { stdio: ['ignore', stdout, 'pipe'] });
    // Closed before the CLI has written anything: its first write finds no reader.
    if (closeReader) child.stdout?.destroy();
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

describe('output that has nowhere to go', () => {
  it('a reader that left: the command ends as it would have, with nothing on stderr', async () => {
    const result = await run('pipe', true);
    expect(result).toEqual({ code: 0, stderr: '' });
  });

  it('a stdout that cannot take it: one line on stderr, exit 1', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const result = await run(full, false);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('thincert: the output could not be written (ENOSPC)\n');
    } finally {
      closeSync(full);
    }
  });
});
