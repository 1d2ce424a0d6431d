/**
 * Hole 4: a file the UI asks to add is read only when it is on the media and
 * reached without links; every refusal for what lies outside is the same
 * `not-on-media`, saying nothing of what is there. Through the Service's
 * boundary (`dispatch`), as the renderer reaches it.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createService } from '../create-service';
import { OpenSsl, type IssuedCertificate } from '../x509/test-support/openssl';

const SECRET = 'top secret line that must never show up in an answer\n';
const NOT_ON_MEDIA = {
  code: 'not-on-media',
  message: 'Only files on removable media can be added here, and links are not followed.',
};

let ssl: OpenSsl;
let cert: IssuedCertificate;
let scratch: string;
let media: string;
let outside: string;
let service: ReturnType<typeof createService>;

beforeAll(() => {
  ssl = new OpenSsl();
  cert = ssl.certificate('media-root', { subject: '/CN=Media Root', key: 'ec:P-256', extensions: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign'] });
});

afterAll(() => ssl.cleanup());

beforeEach(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'thincert-media-'));
  media = path.join(scratch, 'media');
  outside = path.join(scratch, 'outside');
  mkdirSync(path.join(media, 'usb', 'certs'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(path.join(media, 'usb', 'certs', 'root.pem'), cert.pem);
  // A certificate outside too: a link to it must not add it, though it would parse.
  writeFileSync(path.join(outside, 'ca.pem'), cert.pem);
  writeFileSync(path.join(outside, 'secret.txt'), SECRET);
  service = createService({ dataDir: path.join(scratch, 'data'), mediaDirs: [media] });
});

afterEach(async () => {
  await service.close();
  rmSync(scratch, { recursive: true, force: true });
});

const preview = (file: string) => service.dispatch('preview', { purpose: 'broker', input: { kind: 'media', path: file } }, { actor: 'ui' });

/** The refusal, checked to carry nothing about the target: no path, no bytes. */
async function refusedAsNotOnMedia(file: string): Promise<void> {
  const answer = await preview(file);
  expect(answer).toEqual({ ok: false, error: NOT_ON_MEDIA });
  expect(JSON.stringify(answer)).not.toContain(outside);
  expect(JSON.stringify(answer)).not.toContain('secret');
}

describe('reading a file from removable media', () => {
  it('reads a certificate on the media, and previews and adds it', async () => {
    const answer = await preview(path.join(media, 'usb', 'certs', 'root.pem'));
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    const { previewId } = answer.value as { previewId: string };
    const added = await service.dispatch('add', { purpose: 'broker', previewId }, { actor: 'ui' });
    expect(added).toMatchObject({ ok: true, value: { added: [{ subject: expect.stringContaining('Media Root') as unknown }] } });
  });

  it('refuses a link on the media to a file outside', async () => {
    symlinkSync(path.join(outside, 'ca.pem'), path.join(media, 'usb', 'ca.pem'));
    symlinkSync(path.join(outside, 'secret.txt'), path.join(media, 'usb', 'secret.pem'));
    await refusedAsNotOnMedia(path.join(media, 'usb', 'ca.pem'));
    await refusedAsNotOnMedia(path.join(media, 'usb', 'secret.pem'));
  });

  it('refuses a link on the media to a folder outside, whatever lies beneath it', async () => {
    symlinkSync(outside, path.join(media, 'usb', 'elsewhere'));
    await refusedAsNotOnMedia(path.join(media, 'usb', 'elsewhere', 'ca.pem'));
    await refusedAsNotOnMedia(path.join(media, 'usb', 'elsewhere', 'secret.txt'));
    await refusedAsNotOnMedia(path.join(media, 'usb', 'elsewhere', 'no-such-file.pem'));
    await refusedAsNotOnMedia(path.join(media, 'usb', 'elsewhere'));
  });

  it('refuses a path that climbs out with .., without looking at what is there', async () => {
    await refusedAsNotOnMedia(`${media}/usb/../../outside/ca.pem`);
    await refusedAsNotOnMedia(`${media}/usb/certs/../../../outside/secret.txt`);
    await refusedAsNotOnMedia(`${media}/..`);
  });

  it('answers the same for a file outside that does not exist as for one that does', async () => {
    await refusedAsNotOnMedia(path.join(outside, 'secret.txt'));
    await refusedAsNotOnMedia(path.join(outside, 'no-such-file.pem'));
    await refusedAsNotOnMedia('/etc/shadow');
    await refusedAsNotOnMedia('/etc/no-such-file');
    await refusedAsNotOnMedia(`${media}/../outside/no-such-file.pem`);
  });

  it('refuses a link from the media to a certificate on the same media: links are never followed', async () => {
    symlinkSync(path.join(media, 'usb', 'certs', 'root.pem'), path.join(media, 'usb', 'same-media.pem'));
    symlinkSync(path.join(media, 'usb', 'certs'), path.join(media, 'usb', 'certs-link'));
    await refusedAsNotOnMedia(path.join(media, 'usb', 'same-media.pem'));
    await refusedAsNotOnMedia(path.join(media, 'usb', 'certs-link', 'root.pem'));
  });

  it('says a missing file on the media is missing, naming the path asked for', async () => {
    const missing = path.join(media, 'usb', 'gone.pem');
    expect(await preview(missing)).toMatchObject({ ok: false, error: { code: 'file-not-found', params: { path: missing } } });
  });

  it('reads through .. that stays on the media', async () => {
    expect((await preview(`${media}/usb/certs/../certs/root.pem`)).ok).toBe(true);
  });
});
