/**
 * Issue 17 through the Service's boundary (`dispatch`, as the kiosk reaches
 * it): PKCS#12 from removable media only, the CA preview, expired state,
 * background renewal at the window, and no secret left anywhere on disk.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityView } from '../../../app/identity';
import { startScepServer, type ScepPeer } from '../../../test/peers/scep';
import { createService } from '../create-service';
import type { Clock } from '../clock';
import { updateRecord } from '../management/state';

const CHALLENGE = 'service-challenge-secret';
const P12_PASSWORD = 'service-p12-password';
let strict: ScepPeer;
/** Issues without a challenge: what background renewal needs from a CA that checks it on every request. */
let open: ScepPeer;
let work: string;
let media: string;

beforeAll(async () => {
  [strict, open] = await Promise.all([startScepServer({ challenge: CHALLENGE }), startScepServer({ challenge: '' })]);
  work = await mkdtemp(join(tmpdir(), 'thincert-identity-service-'));
  media = join(work, 'media');
  mkdirSync(media);
  const key = join(work, 'k.pem');
  const cert = join(work, 'c.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', '/CN=tc-media'], { stdio: 'ignore' });
  execFileSync('openssl', ['pkcs12', '-export', '-in', cert, '-inkey', key, '-out', join(media, 'device.p12'), '-passout', `pass:${P12_PASSWORD}`], { stdio: 'ignore' });
  execFileSync('openssl', ['pkcs12', '-export', '-in', cert, '-inkey', key, '-out', join(work, 'outside.p12'), '-passout', `pass:${P12_PASSWORD}`], { stdio: 'ignore' });
});

afterAll(async () => {
  await Promise.all([strict.dispose(), open.dispose()]);
  await rm(work, { recursive: true, force: true });
});

let dirs = 0;
const dataDir = () => join(work, `data-${++dirs}`);
const ui = { actor: 'ui' } as const;
const later = (days: number): Clock => ({ now: () => new Date(Date.now() + days * 86_400_000) });

async function ok<T>(result: Promise<{ ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const answer = await result;
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.value as T;
}

describe('identity channels through dispatch', () => {
  it('previews the SCEP CA for the operator to confirm, and enrolls with its fingerprint; identityChanged is emitted', async () => {
    const service = createService({ dataDir: dataDir() });
    const events: string[] = [];
    service.onEvent((event) => events.push(event));
    const ca = await ok<{ fingerprint: string; isCA: boolean }>(service.dispatch('identityCaPreview', { scepUrl: strict.url }, ui));
    expect(ca.fingerprint).toBe(strict.caFingerprint);
    const view = await ok<IdentityView>(
      service.dispatch('identityEnroll', { scepUrl: strict.url, challenge: CHALLENGE, caFingerprint: ca.fingerprint, cn: 'tc-service' }, ui),
    );
    expect(view.state).toBe('valid');
    expect(view.source).toBe('scep');
    expect(view.scepUrl).toBe(strict.url);
    expect(view.daysLeft).toBe(1);
    expect(events).toContain('identityChanged');
    await service.close();
  });

  it('imports a PKCS#12 from removable media only; a path outside is refused and nothing is stored', async () => {
    const dir = dataDir();
    const service = createService({ dataDir: dir, mediaDirs: [media] });
    const outside = await service.dispatch('identityImport', { path: join(work, 'outside.p12'), password: P12_PASSWORD }, ui);
    expect(outside.ok ? null : outside.error.code).toBe('not-on-media');
    const wrong = await service.dispatch('identityImport', { path: join(media, 'device.p12'), password: 'typed wrong' }, ui);
    expect(wrong.ok ? null : wrong.error.code).toBe('p12-wrong-password');
    expect((await ok<IdentityView>(service.dispatch('identityShow', {}, ui))).state).toBe('none');
    const view = await ok<IdentityView>(service.dispatch('identityImport', { path: join(media, 'device.p12'), password: P12_PASSWORD }, ui));
    expect(view.state).toBe('valid');
    expect(view.certificate?.subject).toBe('CN=tc-media');
    expect(view.source).toBe('pkcs12');
    // The main-only bytes channel is not reachable from a transport.
    const bytes = await service.dispatch('identityImportBytes', { bytes: [1, 2], password: 'x' }, ui);
    expect(bytes.ok).toBe(false);
    await service.close();
  });

  it('an identity past notAfter is expired, and renewing it is refused in words', async () => {
    const dir = dataDir();
    const now = createService({ dataDir: dir });
    await ok(now.dispatch('identityEnroll', { scepUrl: strict.url, challenge: CHALLENGE, caFingerprint: strict.caFingerprint, cn: 'tc-expired' }, ui));
    await now.close();
    const afterExpiry = createService({ dataDir: dir, clock: later(3) });
    expect((await ok<IdentityView>(afterExpiry.dispatch('identityShow', {}, ui))).state).toBe('expired');
    const renew = await afterExpiry.dispatch('identityRenew', {}, ui);
    expect(renew.ok ? null : renew.error.code).toBe('identity-expired');
    await afterExpiry.close();
  });

  it('renews in the background once two thirds of the lifetime have passed, not before', async () => {
    const dir = dataDir();
    const first = createService({ dataDir: dir });
    const enrolled = await ok<IdentityView>(first.dispatch('identityEnroll', { scepUrl: open.url, challenge: '', caFingerprint: open.caFingerprint, cn: 'tc-background' }, ui));
    await first.close();

    // Half the lifetime: too early, nothing happens.
    const early = createService({ dataDir: dir, clock: later(1), background: true });
    await sleep(1500);
    expect((await ok<IdentityView>(early.dispatch('identityShow', {}, ui))).certificate?.serial).toBe(enrolled.certificate?.serial);
    await early.close();

    const due = createService({ dataDir: dir, clock: later(1.5), background: true });
    const renewed = new Promise<void>((resolve) => {
      due.onEvent((event) => {
        if (event === 'identityChanged') {
          void ok<IdentityView>(due.dispatch('identityShow', {}, ui)).then((view) => {
            if (view.state === 'valid' && view.certificate?.serial !== enrolled.certificate?.serial) resolve();
          });
        }
      });
    });
    await renewed;
    const lines = open.index().filter((line) => line.includes('CN=tc-background'));
    expect(lines.filter((line) => line.startsWith('R'))).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith('V'))).toHaveLength(1);
    await due.close();
  }, 60_000);

  it('under a policy identity: enrolls in the background, renews with the policy’s challenge, refuses enrolling elsewhere and removal', async () => {
    const dir = dataDir();
    // What a synced policy leaves in the management record (the policy's own tests cover how it gets there).
    await updateRecord(dir, async (record) => ({
      record: {
        ...record,
        policy: {
          version: 1,
          revision: 1,
          managed: true,
          adminContact: { name: 'Fleet Admin', phone: '+1 555 0100', email: 'fleet@example.org' },
          certificates: [],
          nextManagementCertificate: null,
          logServer: null,
          remoteDesktops: null,
          revocation: null,
          crls: null,
          distrust: null,
          trustLevels: null,
          identity: { scepUrl: strict.url, caFingerprint: strict.caFingerprint, challenge: CHALLENGE, subject: { cn: 'tc-policy', san: ['DNS:tc-policy.example'] }, renewal: { daysBefore: 1 } },
        },
      },
      result: null,
    }));
    const service = createService({ dataDir: dir, background: true });
    const enrolled = await until(service, (view) => view.state === 'valid');
    expect(enrolled.certificate?.subject).toBe('CN=tc-policy');
    expect(enrolled.managedBy).toBe('Fleet Admin');
    // daysBefore 1 of a two-day lifetime.
    expect(Date.parse(enrolled.renewAt ?? '')).toBe(Date.parse(enrolled.certificate?.notAfter ?? '') - 86_400_000);
    const elsewhere = await service.dispatch('identityEnroll', { scepUrl: open.url, challenge: '', caFingerprint: open.caFingerprint }, ui);
    expect(elsewhere.ok ? null : elsewhere.error.code).toBe('managed');
    const removal = await service.dispatch('identityRemove', {}, ui);
    expect(removal.ok ? null : removal.error.code).toBe('managed');
    await service.close();

    const due = createService({ dataDir: dir, clock: later(1.2), background: true });
    const renewed = await until(due, (view) => view.state === 'valid' && view.certificate?.serial !== enrolled.certificate?.serial);
    expect(renewed.certificate?.subject).toBe('CN=tc-policy');
    await due.close();
  }, 60_000);

  it('records a refused enrollment as the last failure with the refusal’s params, so the screen can word it in the operator’s language', async () => {
    const service = createService({ dataDir: dataDir() });
    const refused = await service.dispatch('identityEnroll', { scepUrl: strict.url, challenge: `${CHALLENGE}-wrong`, caFingerprint: strict.caFingerprint, cn: 'tc-last-error' }, ui);
    if (refused.ok) throw new Error('a wrong challenge was accepted');
    expect(refused.error.params).toBeDefined();
    const { lastError } = await ok<IdentityView>(service.dispatch('identityShow', {}, ui));
    expect(lastError).toMatchObject({ code: refused.error.code, message: refused.error.message, params: refused.error.params });
    expect(JSON.stringify(lastError)).not.toContain(CHALLENGE);
    await service.close();
  });

  it('leaves neither the challenge nor the PKCS#12 password anywhere in the data folder', async () => {
    const dir = dataDir();
    const service = createService({ dataDir: dir, mediaDirs: [media] });
    await service.dispatch('identityEnroll', { scepUrl: strict.url, challenge: `${CHALLENGE}-wrong`, caFingerprint: strict.caFingerprint, cn: 'tc-secrets' }, ui);
    await ok(service.dispatch('identityEnroll', { scepUrl: strict.url, challenge: CHALLENGE, caFingerprint: strict.caFingerprint, cn: 'tc-secrets' }, ui));
    await ok(service.dispatch('identityImport', { path: join(media, 'device.p12'), password: P12_PASSWORD }, ui));
    await service.close();
    for (const file of filesUnder(dir)) {
      const text = readFileSync(file, 'latin1');
      expect(text, file).not.toContain(CHALLENGE);
      expect(text, file).not.toContain(P12_PASSWORD);
      if (!file.endsWith('key.pem')) expect(text, file).not.toContain('PRIVATE KEY');
    }
  });
});

/** The view once `done` holds, re-read at each identityChanged. */
async function until(service: ReturnType<typeof createService>, done: (view: IdentityView) => boolean): Promise<IdentityView> {
  const first = await ok<IdentityView>(service.dispatch('identityShow', {}, ui));
  if (done(first)) return first;
  return new Promise((resolve) => {
    service.onEvent((event) => {
      if (event !== 'identityChanged') return;
      void ok<IdentityView>(service.dispatch('identityShow', {}, ui)).then((view) => {
        if (done(view)) resolve(view);
      });
    });
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    });
}

