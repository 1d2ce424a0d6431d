/**
 * Issue 13, hole 3: a host name no HTTP header can carry (CR/LF, non-Latin-1)
 * is refused at the contract, for every channel that names a host, before any
 * connection is opened. The real ksc-sim listens, so a name that slipped
 * through would reach it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseHostArg } from '../cli/host-arg';
import { isHostName } from '../../app/host-name';
import { startHarnessWithService, type ServiceHarness } from './test-support/harness';

let h: ServiceHarness;
beforeEach(async () => {
  h = await startHarnessWithService();
});
afterEach(() => h.close());

const BAD_HOSTS = ['a\r\nb', 'ксц.example', 'a b', 'ksc.example\u0000', 'x'.repeat(254)];

/** Open TLS or TCP handles of this process (the in-process sim's included). */
const openSockets = () => process.getActiveResourcesInfo().filter((kind) => kind === 'TLSWrap' || kind === 'TCPSocketWrap').length;

describe('host names at the contract boundary', () => {
  it('refuses a bad host or connect-to on every channel that names one, opening no connection', async () => {
    const before = openSockets();
    const port = h.sim.port;
    const fingerprint = h.original.fingerprint;
    for (const bad of BAD_HOSTS) {
      const requests: [string, Record<string, unknown>][] = [
        ['enroll', { host: bad, port, connectTo: '127.0.0.1', fingerprint }],
        ['enroll', { host: 'ksc.example.test', port, connectTo: bad, fingerprint }],
        ['managementPreview', { host: bad, port, connectTo: '127.0.0.1' }],
        ['check', { purpose: 'ksc', host: bad, port, connectTo: '127.0.0.1' }],
        ['fetchChain', { purpose: 'rdp', host: bad, port, connectTo: '127.0.0.1' }],
        ['fetchChain', { purpose: 'rdp', host: 'ksc.example.test', port, connectTo: bad }],
      ];
      for (const [channel, payload] of requests) {
        const answer = await h.service.dispatch(channel, payload, { actor: 'ui' });
        expect(answer, `${channel} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      }
    }
    expect(openSockets()).toBe(before);
    expect((await h.service.call('managementStatus', {}, { actor: 'cli' })).state).toBe('not-enrolled');
    expect(h.devicesOnServer).toThrow();
  });

  it('refuses a log server setting with such a host, as the CLI does', async () => {
    for (const bad of ['a\r\nb:6514', 'ксц.example:6514']) {
      const answer = await h.service.dispatch('setSetting', { key: 'logServer', value: bad }, { actor: 'ui' });
      expect(answer).toMatchObject({ ok: false, error: { code: 'setting-invalid' } });
    }
    expect((await h.service.call('settings', {}, { actor: 'cli' })).logServer).toBeNull();
  });

  it('keeps accepting what the CLI accepts: names, IPv4, IPv6 bare or in brackets', async () => {
    for (const good of ['ksc.example.test', 'ksc_1.example', '127.0.0.1', '::1', '[::1]']) {
      expect(isHostName(good), good).toBe(true);
      const answer = await h.service.dispatch('managementPreview', { host: good, port: h.sim.port, connectTo: '127.0.0.1' }, { actor: 'ui' });
      expect(answer, good).toMatchObject({ ok: true, value: { fingerprint: h.original.fingerprint } });
    }
    for (const bad of BAD_HOSTS) expect(() => parseHostArg(bad)).toThrow(/HOST\[:PORT\]/);
  });
});
