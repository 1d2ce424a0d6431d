/**
 * Issue 14, one error vocabulary: a code means one thing everywhere, with one
 * set of parameters (app/error-codes.ts), as the renderer receives it through
 * Service.dispatch — against the real ksc-sim on 127.0.0.1.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { replacementCode } from '../core/management/codes';
import { digestOf } from '../core/management/protocol-certificate';
import { startHarnessWithService, type ServiceHarness } from './test-support/harness';
import { makeCert } from './test-support/fixtures';

let h: ServiceHarness;

beforeEach(async () => {
  h = await startHarnessWithService();
});
afterEach(() => h.close());

const ask = (channel: string, payload: unknown) => h.service.dispatch(channel, payload, { actor: 'ui' });

async function value(channel: string, payload: unknown): Promise<unknown> {
  const result = await ask(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

describe('one meaning per error code', () => {
  it('a setting the policy sets is refused as `managed` naming the administrator, like its certificates', async () => {
    await value('enroll', { host: '127.0.0.1', port: h.sim.port, fingerprint: h.original.fingerprint });
    const policy = await h.admin('policy', '--managed', 'true', '--contact-name', 'IT service desk', '--log-server', 'logs.example.test:6514');
    expect(policy.status).toBe(0);
    await value('sync', {});

    const setting = await ask('setSetting', { key: 'logServer', value: 'other.example.test:6514' });
    expect(setting).toEqual({ ok: false, error: { code: 'managed', message: expect.stringContaining('IT service desk'), params: { admin: 'IT service desk' } } });
    const removal = await ask('remove', { purpose: 'rdp', fingerprint: '00000000' });
    expect(removal).toMatchObject({ ok: false, error: { code: 'managed', params: { admin: 'IT service desk' } } });
  });

  it('enrolling with a fingerprint the management server does not present is its own code, not add-from-server’s', async () => {
    const other = makeCert(h.certs, 'other.example.test');
    const refused = await ask('enroll', { host: '127.0.0.1', port: h.sim.port, fingerprint: other.fingerprint });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'management-fingerprint-mismatch',
        message: expect.any(String),
        params: { presented: h.original.fingerprint, confirmed: other.fingerprint },
      },
    });
    expect(existsSync(join(h.dataDir, 'management'))).toBe(false);
  });

  it('a locked replacement form says until when as `lockedUntil`, the name status uses', async () => {
    await value('enroll', { host: '127.0.0.1', port: h.sim.port, fingerprint: h.original.fingerprint });
    const rotated = makeCert(h.certs, 'ksc-locked.example.test');
    expect((await h.admin('rotate', '--cert', rotated.cert, '--key', rotated.key)).status).toBe(0);
    expect(await ask('sync', {})).toMatchObject({ ok: false, error: { code: 'replacement-required' } });
    const right = replacementCode(await h.deviceKey(), digestOf(rotated.der));
    const wrong = right === '00000000' ? '11111111' : '00000000';
    for (let i = 1; i <= 4; i += 1) expect(await ask('replace', { code: wrong })).toMatchObject({ ok: false, error: { code: 'code-wrong', params: { attemptsLeft: 5 - i } } });

    const fifth = await ask('replace', { code: wrong });
    const status = (await value('managementStatus', {})) as { lockedUntil: string | null };
    expect(status.lockedUntil).not.toBeNull();
    expect(fifth).toMatchObject({ ok: false, error: { code: 'code-wrong', params: { attemptsLeft: 0, lockedUntil: status.lockedUntil } } });
    const locked = await ask('replace', { code: right });
    expect(locked).toEqual({ ok: false, error: { code: 'locked-out', message: expect.any(String), params: { lockedUntil: status.lockedUntil } } });
  });
});
