/**
 * Issue 13, hole 11: server probes through one Service are bounded. The peer
 * is a real listener on 127.0.0.1 that accepts and never answers, so every
 * probe hangs until its deadline or until the listener goes away.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closedPort, startSilentListener, type ListeningPeer } from '../../../test/peers/tcp';
import { createService, type ThinCertService } from '../create-service';
import { MAX_CONCURRENT_PROBES } from './limit';

let service: ThinCertService;
let silent: ListeningPeer;
const ui = { actor: 'ui' } as const;

beforeEach(async () => {
  service = createService({ dataDir: path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-limit-')), 'data'), background: false });
  silent = await startSilentListener();
});
afterEach(async () => {
  await silent.stop();
  await service.close();
});

const hangingCheck = () => ({ purpose: 'broker', host: 'server.test', connectTo: '127.0.0.1', port: silent.port, timeoutMs: 30_000 });
const target = () => ({ host: 'server.test', connectTo: '127.0.0.1', port: silent.port });

describe('concurrent server probes', () => {
  it('refuses the 9th at once while 8 hang, counting check, fetchChain and managementPreview together; then works again', async () => {
    expect(MAX_CONCURRENT_PROBES).toBe(8);
    const hanging = [
      ...Array.from({ length: 6 }, () => service.dispatch('check', hangingCheck(), ui)),
      service.dispatch('fetchChain', { purpose: 'broker', ...target() }, ui),
      service.dispatch('managementPreview', target(), ui),
    ];
    let settled = 0;
    for (const call of hanging) void call.then(() => settled++);

    for (const [channel, payload] of [
      ['check', hangingCheck()],
      ['fetchChain', { purpose: 'rdp', ...target() }],
      ['managementPreview', target()],
    ] as const) {
      const started = Date.now();
      const refused = await service.dispatch(channel, payload, ui);
      expect(refused, channel).toEqual({
        ok: false,
        error: { code: 'too-many-checks', message: 'Too many connections are being tested at once; try again in a moment.', params: { limit: 8 } },
      });
      expect(Date.now() - started, channel).toBeLessThan(1_000);
    }
    // The refusals took no slot and ended nothing: the eight still hang.
    expect(settled).toBe(0);

    // Every probe is on our listener before it goes away: one that connected later, to a port
    // another test's peer took meanwhile, would hang there until its deadline (seen under load).
    await expect.poll(() => silent.accepted(), { timeout: 20_000 }).toBe(8);
    // The listener goes away: every hanging probe ends now instead of at its 30 s deadline.
    await silent.stop();
    const ended = await Promise.all(hanging);
    for (const result of ended) expect(JSON.stringify(result)).not.toContain('too-many-checks');

    // Every slot came back, also from the probes that ended in an error: eight run at once again.
    const closed = await closedPort();
    const again = await Promise.all(
      Array.from({ length: 8 }, () => service.dispatch('check', { purpose: 'broker', host: 'server.test', connectTo: '127.0.0.1', port: closed.port }, ui)),
    );
    for (const result of again) expect(result).toMatchObject({ ok: true, value: { trusted: false, reasons: [{ code: 'connection-refused' }] } });
  });
});
