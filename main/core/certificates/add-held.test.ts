/**
 * Issue 13, "what was shown is what is stored": `add` stores what `preview`
 * showed, held in main under its id, not the file as it is at confirm time;
 * and "Add from a server" stores the certificate of the chain the operator
 * chose (the leaf as a pin, a CA as an anchor). Through the Service's
 * dispatch, against real files on a media folder and a real nginx.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Certificate } from '../../../app/schemas';
import { createService } from '../create-service';
import { startNginx, type NginxPeer } from '../../../test/peers/nginx';
import { createTestPki, type TestPki } from '../../../test/peers/test-pki';
import { MAX_HELD } from './held';

let pki: TestPki;
let nginx: NginxPeer;
let media: string;
let service: ReturnType<typeof createService>;

beforeAll(async () => {
  pki = createTestPki();
  nginx = await startNginx([
    { name: 'valid', chainPath: pki.pki.bundle('held-valid.pem', [pki.valid, pki.intermediate]), keyPath: pki.valid.keyPath },
    { name: 'weak', chainPath: pki.pki.bundle('held-weak.pem', [pki.weakRsa1024, pki.intermediate]), keyPath: pki.weakRsa1024.keyPath, allowWeakKey: true },
  ]);
}, 60_000);

afterAll(async () => {
  await nginx?.stop();
  pki?.cleanup();
});

beforeEach(() => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'thincert-add-held-'));
  media = path.join(root, 'media');
  mkdirSync(media);
  service = createService({ dataDir: path.join(root, 'data'), mediaDirs: [media] });
});

afterEach(async () => {
  await service.close();
});

async function call(channel: string, payload: unknown) {
  return service.dispatch(channel, payload, { actor: 'ui' });
}

async function ok<T>(channel: string, payload: unknown): Promise<T> {
  const answer = await call(channel, payload);
  if (!answer.ok) throw new Error(`${channel} refused: ${answer.error.code} ${answer.error.message}`);
  return answer.value as T;
}

async function storedFingerprints(): Promise<[string, string[]][]> {
  const { certificates } = await ok<{ certificates: Certificate[] }>('list', {});
  return certificates.map((c) => [c.fingerprint, c.purposes]);
}

type Preview = { previewId: string; certificates: Certificate[] };

describe('add stores what preview showed', () => {
  it('stores the previewed certificate even when the file on the media changed since', async () => {
    const file = path.join(media, 'server.pem');
    writeFileSync(file, pki.rootRsa.pem);
    const preview = await ok<Preview>('preview', { purpose: 'rdp', input: { kind: 'media', path: file } });
    expect(preview.certificates.map((c) => c.fingerprint)).toEqual([pki.rootRsa.x509.fingerprint256]);

    writeFileSync(file, pki.rootEc.pem);
    const added = await ok<{ added: Certificate[] }>('add', { purpose: 'rdp', previewId: preview.previewId });
    expect(added.added.map((c) => c.fingerprint)).toEqual([pki.rootRsa.x509.fingerprint256]);
    expect(await storedFingerprints()).toEqual([[pki.rootRsa.x509.fingerprint256, ['rdp']]]);
  });

  it('stores a pasted preview by its id, once', async () => {
    const preview = await ok<Preview>('preview', { purpose: 'broker', input: { kind: 'pem', text: pki.selfSigned.pem } });
    await ok('add', { purpose: 'broker', previewId: preview.previewId, label: 'Self' });
    expect(await storedFingerprints()).toEqual([[pki.selfSigned.x509.fingerprint256, ['broker']]]);
    const again = await call('add', { purpose: 'broker', previewId: preview.previewId });
    expect(again).toMatchObject({ ok: false, error: { code: 'preview-expired' } });
  });

  it('refuses a preview made for another purpose, an unknown id, and a file without its preview; nothing stored', async () => {
    const file = path.join(media, 'ca.pem');
    writeFileSync(file, pki.rootRsa.pem);
    const preview = await ok<Preview>('preview', { purpose: 'rdp', input: { kind: 'media', path: file } });
    expect(await call('add', { purpose: 'broker', previewId: preview.previewId })).toMatchObject({
      ok: false,
      error: { code: 'preview-other-purpose', params: { purpose: 'rdp' } },
    });
    expect(await call('add', { purpose: 'rdp', previewId: 'not-an-id' })).toMatchObject({ ok: false, error: { code: 'preview-expired' } });
    expect(await call('add', { purpose: 'rdp', input: { kind: 'media', path: file } })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await storedFingerprints()).toEqual([]);
    // Pasted text may still be added as given (scripts over the contract).
    await ok('add', { purpose: 'rdp', input: { kind: 'pem', text: pki.rootEc.pem } });
    expect(await storedFingerprints()).toEqual([[pki.rootEc.x509.fingerprint256, ['rdp']]]);
  });

  it(`holds at most ${MAX_HELD} previews: the oldest is refused by name, the newest still stores`, async () => {
    const ids: string[] = [];
    for (let i = 0; i <= MAX_HELD; i++) {
      ids.push((await ok<Preview>('preview', { purpose: 'rdp', input: { kind: 'pem', text: pki.rootEc.pem } })).previewId);
    }
    expect(await call('add', { purpose: 'rdp', previewId: ids[0] })).toMatchObject({
      ok: false,
      error: { code: 'too-many-pending', params: { max: MAX_HELD } },
    });
    expect(await storedFingerprints()).toEqual([]);
    await ok('add', { purpose: 'rdp', previewId: ids[1] });
    expect(await storedFingerprints()).toEqual([[pki.rootEc.x509.fingerprint256, ['rdp']]]);
  });
});

type Fetched = { fetchId: string; chain: Certificate[] };

function fetchValid(site = 'valid'): Promise<Fetched> {
  return ok<Fetched>('fetchChain', { purpose: 'broker', host: 'valid.test', port: nginx.ports[site], connectTo: '127.0.0.1' });
}

describe('add from a server stores the certificate chosen from the chain', () => {
  it('a CA chosen from the chain becomes an anchor: the server is then trusted by name', async () => {
    const fetched = await fetchValid();
    const ca = fetched.chain[1];
    expect(ca).toMatchObject({ isCA: true, fingerprint: pki.intermediate.x509.fingerprint256 });
    const added = await ok<{ added: Certificate[] }>('confirmFetch', { fetchId: fetched.fetchId, fingerprint: ca?.fingerprint });
    expect(added.added).toMatchObject([{ fingerprint: pki.intermediate.x509.fingerprint256, isCA: true, purposes: ['broker'] }]);
    const check = await ok<{ trusted: boolean; by: string }>('check', { purpose: 'broker', host: 'valid.test', port: nginx.ports.valid, connectTo: '127.0.0.1' });
    expect(check).toMatchObject({ trusted: true, by: 'anchor' });
  });

  it('the leaf chosen is pinned, as before', async () => {
    const fetched = await fetchValid();
    await ok('confirmFetch', { fetchId: fetched.fetchId, fingerprint: pki.valid.x509.fingerprint256.replace(/:/g, '').toLowerCase() });
    expect(await storedFingerprints()).toEqual([[pki.valid.x509.fingerprint256, ['broker']]]);
  });

  it('refuses a fingerprint of no presented certificate, and a weak chosen leaf; nothing stored', async () => {
    const fetched = await fetchValid();
    expect(await call('confirmFetch', { fetchId: fetched.fetchId, fingerprint: pki.rootRsa.x509.fingerprint256 })).toMatchObject({
      ok: false,
      error: { code: 'fingerprint-mismatch' },
    });
    const weak = await fetchValid('weak');
    expect(await call('confirmFetch', { fetchId: weak.fetchId, fingerprint: pki.weakRsa1024.x509.fingerprint256 })).toMatchObject({
      ok: false,
      error: { code: 'weak-key' },
    });
    expect(await storedFingerprints()).toEqual([]);
    // A refused choice keeps the chain: the operator may still choose another.
    await ok('confirmFetch', { fetchId: fetched.fetchId, fingerprint: pki.intermediate.x509.fingerprint256 });
    expect(await storedFingerprints()).toEqual([[pki.intermediate.x509.fingerprint256, ['broker']]]);
  });

  it(`holds at most ${MAX_HELD} fetched chains: the oldest is refused by name`, async () => {
    const ids: string[] = [];
    for (let i = 0; i <= MAX_HELD; i++) ids.push((await fetchValid()).fetchId);
    expect(await call('confirmFetch', { fetchId: ids[0], fingerprint: pki.valid.x509.fingerprint256 })).toMatchObject({
      ok: false,
      error: { code: 'too-many-pending' },
    });
    expect(await storedFingerprints()).toEqual([]);
    await ok('confirmFetch', { fetchId: ids[MAX_HELD], fingerprint: pki.valid.x509.fingerprint256 });
    expect(await storedFingerprints()).toEqual([[pki.valid.x509.fingerprint256, ['broker']]]);
  });
});
