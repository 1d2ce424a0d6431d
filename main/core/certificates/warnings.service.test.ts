/**
 * Issue 14, "main knows, the renderer shows": what adding a certificate would
 * mean comes from main only, in one shape (WarningSchema), for a preview and
 * for a server's chain alike, with the facts its words need as params. Through
 * the Service's dispatch, against a real nginx.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channels } from '../../../app/channels';
import { createService } from '../create-service';
import { startNginx, type NginxPeer } from '../../../test/peers/nginx';
import { createTestPki, type TestPki } from '../../../test/peers/test-pki';

let pki: TestPki;
let nginx: NginxPeer;
let service: ReturnType<typeof createService>;

beforeAll(async () => {
  pki = createTestPki();
  nginx = await startNginx([
    { name: 'valid', chainPath: pki.pki.bundle('warn-valid.pem', [pki.valid, pki.intermediate]), keyPath: pki.valid.keyPath },
    { name: 'expired', chainPath: pki.pki.bundle('warn-expired.pem', [pki.expired, pki.intermediate]), keyPath: pki.expired.keyPath },
  ]);
}, 60_000);

afterAll(async () => {
  await nginx?.stop();
  pki?.cleanup();
});

beforeEach(() => {
  service = createService({ dataDir: path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-warnings-')), 'data') });
});

afterEach(async () => {
  await service.close();
});

async function ok<C extends 'fetchChain' | 'preview' | 'confirmFetch'>(channel: C, payload: unknown) {
  const answer = await service.dispatch(channel, payload, { actor: 'ui' });
  if (!answer.ok) throw new Error(`${channel} refused: ${answer.error.code} ${answer.error.message}`);
  // The answer as the renderer receives it: validated against the channel's own schema.
  return v.parse(channels[channel].response, answer.value) as v.InferOutput<(typeof channels)[C]['response']>;
}

const fetchFrom = (site: string) => ok('fetchChain', { purpose: 'broker', host: `${site}.test`, port: nginx.ports[site], connectTo: '127.0.0.1' });

describe("a server's chain comes with main's warnings", () => {
  it('the leaf would be pinned, its CA an anchor; once stored, already present', async () => {
    const fetched = await fetchFrom('valid');
    const leaf = pki.valid.x509.fingerprint256;
    const ca = pki.intermediate.x509.fingerprint256;
    expect(fetched.warnings.map((w) => [w.fingerprint, w.code])).toEqual([
      [leaf, 'pinned'],
      [ca, 'anchor'],
    ]);
    await ok('confirmFetch', { fetchId: fetched.fetchId, fingerprint: leaf });
    const again = await fetchFrom('valid');
    expect(again.warnings.filter((w) => w.fingerprint === leaf).map((w) => w.code)).toEqual(['pinned', 'already-present']);
  });

  it('an expired leaf says so, with its date for the kiosk to write in its language', async () => {
    const fetched = await fetchFrom('expired');
    const expired = fetched.warnings.find((w) => w.code === 'expired');
    expect(expired).toMatchObject({ fingerprint: pki.expired.x509.fingerprint256, params: { date: fetched.chain[0]?.notAfter } });
  });
});

describe('a preview gives the same warnings in the same shape', () => {
  it('expired, not yet valid and expiring carry their date or days', async () => {
    const expired = await ok('preview', { purpose: 'rdp', input: { kind: 'pem', text: pki.expired.pem } });
    expect(expired.warnings).toEqual([
      expect.objectContaining({ code: 'expired', params: { date: expired.certificates[0]?.notAfter } }),
      expect.objectContaining({ code: 'pinned' }),
    ]);
    const future = await ok('preview', { purpose: 'rdp', input: { kind: 'pem', text: pki.notYetValid.pem } });
    expect(future.warnings[0]).toMatchObject({ code: 'not-yet-valid', params: { date: future.certificates[0]?.notBefore } });
  });
});
