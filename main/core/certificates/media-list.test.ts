/**
 * Issue 17: the identity screen imports a PKCS#12 chosen among `mediaFiles`,
 * so the list names .p12/.pfx files beside certificate files; Add, given one,
 * says it holds a private key. Through the Service's boundary (`dispatch`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { ResponseOf } from '../../../app/channels';
import { createService } from '../create-service';

let scratch: string;
let media: string;
let service: ReturnType<typeof createService>;

beforeEach(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'thincert-media-list-'));
  media = path.join(scratch, 'media');
  mkdirSync(path.join(media, 'usb'), { recursive: true });
  const key = path.join(scratch, 'device.key');
  const cert = path.join(scratch, 'device.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=device.test', '-days', '2', '-keyout', key, '-out', cert], { stdio: 'pipe' });
  execFileSync('openssl', ['pkcs12', '-export', '-in', cert, '-inkey', key, '-out', path.join(media, 'usb', 'device.p12'), '-passout', 'pass:secret'], { stdio: 'pipe' });
  execFileSync('openssl', ['pkcs12', '-export', '-in', cert, '-inkey', key, '-out', path.join(media, 'usb', 'DEVICE.PFX'), '-passout', 'pass:secret'], { stdio: 'pipe' });
  writeFileSync(path.join(media, 'usb', 'device.pem'), execFileSync('openssl', ['x509', '-in', cert]));
  writeFileSync(path.join(media, 'usb', 'notes.txt'), 'not listed\n');
  service = createService({ dataDir: path.join(scratch, 'data'), mediaDirs: [media] });
});

afterEach(async () => {
  await service.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('mediaFiles', () => {
  it('lists PKCS#12 files (.p12, .pfx) beside certificate files, and nothing else', async () => {
    const answer = await service.dispatch('mediaFiles', {}, { actor: 'ui' });
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    const { files } = answer.value as ResponseOf<'mediaFiles'>;
    expect(files.map((f) => f.name).sort()).toEqual(['usb/DEVICE.PFX', 'usb/device.p12', 'usb/device.pem']);
  });

  it('a listed PKCS#12 offered to Add is refused as what it is, and nothing is stored', async () => {
    const answer = await service.dispatch('preview', { purpose: 'broker', input: { kind: 'media', path: path.join(media, 'usb', 'device.p12') } }, { actor: 'ui' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'pkcs12' } });
    const list = await service.dispatch('list', { purpose: 'broker' }, { actor: 'ui' });
    expect(list).toMatchObject({ ok: true, value: { certificates: [] } });
  });
});
