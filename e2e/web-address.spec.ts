/**
 * Issue 13, hole 10, in a real browser: the token leaves the address bar once
 * the page has it, a reload still gets in (by the per-port cookie), and a host
 * listening on IPv6 loopback serves a page that reaches its socket.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures/test';
import { ROOT } from './fixtures/web-host';

test('the token leaves the address bar and a reload still opens ThinCert', async ({ app }) => {
  const { page } = app;
  await expect(page.getByRole('button', { name: /RDP servers/ })).toContainText('0 certificates');
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  await page.reload();
  await expect(page.getByRole('button', { name: /RDP servers/ })).toContainText('0 certificates');
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
});

test('a web host on ::1 serves a page that reaches its own socket', async ({ browser }) => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'thincert-e2e-v6-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'out', 'web', 'server.cjs'), '--host', '::1', '--port', '0', '--data-dir', path.join(scratch, 'data')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`no URL within 15 s:\n${output}`)), 15_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /http:\/\/\[::1\]:\d+\/\?token=[\w-]+/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[0]);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    // The counts come over the socket: the origin check and the CSP both let it through.
    await expect(page.getByRole('button', { name: /RDP servers/ })).toContainText('0 certificates');
    await context.close();
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(scratch, { recursive: true, force: true });
  }
});
