/**
 * The audit trail of the management flow, driven through the CLI against the
 * real ksc-sim (issue 10: "never a device key, replacement code or private
 * data in a record"): every step is recorded, and no record line holds K or a
 * code the operator typed.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditDir, listAuditFiles } from '../core/audit/files';
import { formatCode, replacementCode } from '../core/management/codes';
import { digestOf } from '../core/management/protocol-certificate';
import { makeCert } from '../core/management/test-support/certs';
import { startHarness, type Harness } from '../sim/test-support/harness';
import { thincert } from './test-support/capture';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

/** Every line of every audit file, as stored (what the log server would receive). */
async function auditLines(): Promise<string[]> {
  const lines: string[] = [];
  for (const { file } of await listAuditFiles(auditDir(h.dataDir))) lines.push(...(await readFile(file, 'utf8')).split('\n').filter((l) => l !== ''));
  return lines;
}

describe('audit records of enrollment, policy, rotation and replacement', () => {
  it('records each step, and no record holds the device key or a typed code', async () => {
    const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => thincert(h.dataDir, args, { env });
    const enrolled = await cli(['enroll', `127.0.0.1:${h.sim.port}`, '--accept-fingerprint', h.original.fingerprint, '--json']);
    expect(enrolled.status).toBe(0);
    const { deviceId } = JSON.parse(enrolled.stdout) as { deviceId: string };
    const rdp = makeCert(h.certs, 'rdp.example.test');
    await h.admin('policy', '--managed', 'true', '--add', 'rdp', rdp.cert, '--contact-name', 'IT desk', '--log-server', 'logs.example.org:6514');
    expect((await cli(['sync'])).status).toBe(0);

    const rotated = makeCert(h.certs, 'ksc-rotated.example.test');
    await h.admin('rotate', '--cert', rotated.cert, '--key', rotated.key);
    expect((await cli(['sync'])).status).toBe(4);
    const key = await h.deviceKey();
    const right = replacementCode(key, digestOf(rotated.der));
    // Every digit off by five: surely wrong, and not a run of zeros that GENESIS contains.
    const wrong = [...right].map((digit) => String((Number(digit) + 5) % 10)).join('');
    for (let attempt = 1; attempt <= 5; attempt++) expect((await cli(['replace', '--code', formatCode(wrong)])).status).not.toBe(0);
    // The lock lasts a minute (PROTOCOL.md §4.5); the CLI takes "now" from THINCERT_NOW.
    const later = { THINCERT_NOW: new Date(Date.now() + 61_000).toISOString() };
    expect((await cli(['replace', '--code', formatCode(right)], later)).status).toBe(0);

    const { records } = JSON.parse((await cli(['audit', '--json'])).stdout) as { records: { event: string; actor: string; details: Record<string, unknown> }[] };
    expect(records.map((r) => r.event)).toEqual([
      'certificate-added', // the enrolled server's certificate, for ksc
      'enrolled',
      'policy-applied', // enrollment fetches the first policy (PROTOCOL.md §1)
      'certificate-added', // the policy's rdp certificate
      'policy-applied',
      'managed-mode-on',
      'replacement-required',
      'replacement-wrong-code',
      'replacement-wrong-code',
      'replacement-wrong-code',
      'replacement-wrong-code',
      'replacement-wrong-code',
      'replacement-locked-out',
      'certificate-added', // the replacement certificate, for ksc
      'certificate-removed', // the one it replaces
      'replacement-confirmed',
    ]);
    expect(new Set(records.map((r) => r.actor))).toEqual(new Set(['cli']));
    expect(records.find((r) => r.event === 'enrolled')?.details).toEqual({ server: `127.0.0.1:${h.sim.port}`, deviceId, fingerprint: h.original.fingerprint });
    expect(records.find((r) => r.event === 'replacement-confirmed')?.details).toEqual({ server: `127.0.0.1:${h.sim.port}`, previous: h.original.fingerprint, fingerprint: rotated.fingerprint });
    expect((await cli(['audit', '--verify'])).status).toBe(0);

    const secrets = {
      'device key (hex)': key.toString('hex'),
      'device key (HEX)': key.toString('hex').toUpperCase(),
      'device key (base64)': key.toString('base64'),
      'device key (base64url)': key.toString('base64url'),
      'replacement code': right,
      'replacement code as shown': formatCode(right),
      'wrong code typed': formatCode(wrong),
      'wrong code digits': wrong,
    };
    const lines = await auditLines();
    expect(lines).toHaveLength(records.length);
    for (const line of lines) {
      for (const [what, secret] of Object.entries(secrets)) expect(line.includes(secret), `${what} in ${line}`).toBe(false);
    }
  }, 30_000);
});
