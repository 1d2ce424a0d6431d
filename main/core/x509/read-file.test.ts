import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ThinCertError } from '../errors';
import { MAX_FILE_BYTES } from './limits';
import { readCertificateFile } from './read-file';

let dir: string;
let socketServer: Server;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'thincert-read-'));
  mkdirSync(join(dir, 'folder'));
  execFileSync('mkfifo', [join(dir, 'pipe')]);
  symlinkSync(join(dir, 'folder'), join(dir, 'link-to-folder'));
  symlinkSync(join(dir, 'pipe'), join(dir, 'link-to-pipe'));
  socketServer = createServer();
  await new Promise<void>((resolve) => socketServer.listen(join(dir, 'socket'), resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => socketServer.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

async function refusal(path: string): Promise<ThinCertError> {
  const started = performance.now();
  try {
    await readCertificateFile(path);
  } catch (error) {
    // Generous: the point is that nothing waits for a writer or an endless device.
    expect(performance.now() - started).toBeLessThan(1000);
    if (error instanceof ThinCertError) return error;
    throw error;
  }
  throw new Error(`${path} was read`);
}

describe('readCertificateFile', () => {
  it('reads a regular file', async () => {
    writeFileSync(join(dir, 'cert.pem'), 'hello');
    expect((await readCertificateFile(join(dir, 'cert.pem'))).toString()).toBe('hello');
  });

  it('refuses a folder, and a symlink to a folder, without blocking', async () => {
    expect(await refusal(join(dir, 'folder'))).toMatchObject({ code: 'not-a-regular-file', params: { kind: 'a folder' } });
    expect((await refusal(join(dir, 'link-to-folder'))).code).toBe('not-a-regular-file');
  });

  it('refuses a FIFO with no writer, and a symlink to it, without blocking', async () => {
    expect(await refusal(join(dir, 'pipe'))).toMatchObject({ code: 'not-a-regular-file', params: { kind: 'a pipe (FIFO)' } });
    expect((await refusal(join(dir, 'link-to-pipe'))).code).toBe('not-a-regular-file');
  });

  it('refuses /dev/zero, a character device that never ends', async () => {
    const error = await refusal('/dev/zero');
    expect(error).toMatchObject({ code: 'not-a-regular-file', message: '/dev/zero is a character device, not a certificate file.' });
  });

  it('refuses a UNIX socket', async () => {
    expect((await refusal(join(dir, 'socket'))).code).toBe('not-a-regular-file');
  });

  it('refuses a file larger than 1 MiB before reading it', async () => {
    writeFileSync(join(dir, 'big.pem'), Buffer.alloc(MAX_FILE_BYTES + 1));
    expect(await refusal(join(dir, 'big.pem'))).toMatchObject({ code: 'file-too-large', params: { size: MAX_FILE_BYTES + 1 } });
  });

  it('names the path of a missing file', async () => {
    const path = join(dir, 'missing.pem');
    expect(await refusal(path)).toMatchObject({ code: 'file-not-found', params: { path } });
    expect((await refusal(path)).message).toContain(path);
  });

  it('with noFollow, refuses a link to a regular file instead of reading through it', async () => {
    writeFileSync(join(dir, 'target.pem'), 'behind the link');
    symlinkSync(join(dir, 'target.pem'), join(dir, 'link.pem'));
    expect((await readCertificateFile(join(dir, 'link.pem'))).toString()).toBe('behind the link');
    await expect(readCertificateFile(join(dir, 'link.pem'), { noFollow: true })).rejects.toMatchObject({ code: 'not-a-regular-file' });
  });

  it('runs the check on the opened file before reading, and names the path shown', async () => {
    writeFileSync(join(dir, 'checked.pem'), 'x');
    const refused = new ThinCertError('not-on-media', 'no');
    await expect(readCertificateFile(join(dir, 'checked.pem'), { check: () => { throw refused; } })).rejects.toBe(refused);
    await expect(readCertificateFile(join(dir, 'nothing-here.pem'), { shownAs: '/media/usb/asked.pem' })).rejects.toMatchObject({ code: 'file-not-found', params: { path: '/media/usb/asked.pem' } });
  });

  it('says when permission is denied', async () => {
    const path = join(dir, 'secret.pem');
    writeFileSync(path, 'x');
    chmodSync(path, 0o000);
    chmodSync(dir, 0o755);
    // root reads anything, so under root the check runs as "nobody" for the duration of the call.
    const asRoot = process.geteuid?.() === 0;
    if (asRoot) process.seteuid?.(65534);
    try {
      expect(await refusal(path)).toMatchObject({ code: 'permission-denied', message: `ThinCert may not read ${path} (permission denied).` });
    } finally {
      if (asRoot) process.seteuid?.(0);
    }
  });
});
