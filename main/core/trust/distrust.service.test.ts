/**
 * The kiosk's door (the Service's dispatch, as the Electron and web hosts call
 * it): a distrusted certificate is refused by preview→add and by paste with
 * the `distrusted` code the renderer translates, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createService } from '../create-service';
import { createTestPki, type TestPki } from '../../../test/peers/test-pki';

let pki: TestPki;
let scratch: string;
let dataDir: string;
let service: ReturnType<typeof createService>;

beforeAll(async () => {
  pki = createTestPki();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'thincert-distrust-service-'));
  dataDir = path.join(scratch, 'data');
  service = createService({ dataDir, mediaDirs: [scratch] });
  await service.call('distrustAdd', { bytes: Buffer.from(pki.selfSigned.pem) }, { actor: 'cli' });
});

afterAll(async () => {
  await service?.close();
  rmSync(scratch, { recursive: true, force: true });
  pki?.cleanup();
});

function files(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dataDir, full)] = readFileSync(full, 'base64');
    }
  };
  walk(dataDir);
  return out;
}

describe('adding a distrusted certificate from the kiosk', () => {
  it('is refused after a preview, and when pasted, with the distrusted code; nothing changes', async () => {
    const before = files();
    const preview = await service.dispatch('preview', { purpose: 'rdp', input: { kind: 'pem', text: pki.selfSigned.pem } }, { actor: 'ui' });
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    const { previewId } = preview.value as { previewId: string };
    const added = await service.dispatch('add', { purpose: 'rdp', previewId }, { actor: 'ui' });
    expect(added).toMatchObject({ ok: false, error: { code: 'distrusted', params: { subject: expect.stringContaining('self.test') as unknown } } });
    const pasted = await service.dispatch('add', { purpose: 'broker', input: { kind: 'pem', text: pki.selfSigned.pem } }, { actor: 'ui' });
    expect(pasted).toMatchObject({ ok: false, error: { code: 'distrusted' } });
    expect(files()).toEqual(before);
  });

  it('another certificate is still added', async () => {
    const added = await service.dispatch('add', { purpose: 'rdp', input: { kind: 'pem', text: pki.rootRsa.pem } }, { actor: 'ui' });
    expect(added).toMatchObject({ ok: true });
  });
});
