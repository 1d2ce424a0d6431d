/**
 * Issue 14, first paint: the browser may keep the built assets (their names are
 * their content's hash), and with them the code V8 compiled; the page that names
 * them, and anything not named by a hash, is never kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createService } from '../core/create-service';
import { startWebHost, type WebHost } from './web-host';

let scratch: string;
let host: WebHost;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'thincert-web-cache-'));
  const staticDir = path.join(scratch, 'renderer');
  mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>ThinCert</title>');
  writeFileSync(path.join(staticDir, 'assets', 'react-dom-D_edSjmb.js'), 'export {};');
  writeFileSync(path.join(staticDir, 'assets', 'index-DyrBGskp.css'), 'body{}');
  writeFileSync(path.join(staticDir, 'assets', 'plain.js'), 'export {};');
  writeFileSync(path.join(staticDir, 'favicon.ico'), '');
  execFileSync('mkfifo', [path.join(staticDir, 'assets', 'pipe-AAAAAAAA.js')]);
  host = await startWebHost({ service: createService({ dataDir: path.join(scratch, 'data') }), staticDir });
});

afterAll(async () => {
  await host.close();
  rmSync(scratch, { recursive: true, force: true });
});

const cacheControl = async (urlPath: string) => {
  const res = await fetch(`http://127.0.0.1:${host.port}${urlPath}?token=${host.token}`);
  expect(res.status).toBe(200);
  return res.headers.get('cache-control');
};

describe('what the browser may keep', () => {
  it('keeps the hashed assets, with their length', async () => {
    expect(await cacheControl('/assets/react-dom-D_edSjmb.js')).toBe('private, max-age=31536000, immutable');
    expect(await cacheControl('/assets/index-DyrBGskp.css')).toBe('private, max-age=31536000, immutable');
    const res = await fetch(`http://127.0.0.1:${host.port}/assets/react-dom-D_edSjmb.js?token=${host.token}`);
    expect(res.headers.get('content-length')).toBe(String('export {};'.length));
  });

  it('never keeps the page or a file not named by its hash', async () => {
    expect(await cacheControl('/')).toBe('no-store');
    expect(await cacheControl('/assets/plain.js')).toBe('no-store');
    expect(await cacheControl('/favicon.ico')).toBe('no-store');
  });

  it('refuses a FIFO planted among the assets without waiting on it, and serves on', async () => {
    // The page's files are read whole and at once: opening a FIFO for reading would otherwise hold the host.
    expect((await fetch(`http://127.0.0.1:${host.port}/assets/pipe-AAAAAAAA.js?token=${host.token}`)).status).toBe(404);
    expect(await cacheControl('/')).toBe('no-store');
  });
});
