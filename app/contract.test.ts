import { describe, expect, it } from 'vitest';
import { createApi, type Transport } from './api';
import { CHANNEL_NAMES, IPC_PREFIX, channels } from './channels';
import { parseRequest, parseResult } from './validate';

const status = {
  dataDir: '/d',
  mode: 'unmanaged',
  counts: { ksc: 0, rdp: 0, broker: 0, logServer: 0 },
  expiring: [],
  management: {
    state: 'not-enrolled', server: null, deviceId: null, pinnedFingerprint: null, nextFingerprint: null,
    pendingFingerprint: null, pendingCertificate: null, confirmationCode: null, adminContact: null, failedAttempts: 0, lockedUntil: null,
    lastSync: null, policyRevision: null, policyError: null,
  },
  logDelivery: { server: null, state: 'none', waiting: 0, lastAttempt: null, lastError: null },
};

describe('the channel table', () => {
  it('names every channel with a request and a response schema', () => {
    for (const name of CHANNEL_NAMES) {
      expect(channels[name].request, name).toBeDefined();
      expect(channels[name].response, name).toBeDefined();
    }
    expect(IPC_PREFIX).toBe('thincert:');
  });

  it('refuses a request with an unknown purpose, naming the field', () => {
    const result = parseRequest('list', { purpose: 'email' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'bad-request', message: expect.stringContaining('purpose') });
  });

  it('refuses extra fields a page might smuggle in', () => {
    expect(parseRequest('status', { evil: true }).ok).toBe(false);
  });

  it('refuses an answer of the wrong shape instead of passing it on', () => {
    expect(parseResult('status', { ok: true, value: { dataDir: 1 } })).toMatchObject({ ok: false, error: { code: 'bad-response' } });
    expect(parseResult('status', 'garbage')).toMatchObject({ ok: false, error: { code: 'bad-response' } });
    expect(parseResult('status', { ok: true, value: status })).toEqual({ ok: true, value: status });
  });

  it('passes error values through unchanged', () => {
    const error = { code: 'not-found', message: 'No stored certificate has a fingerprint starting AB.' };
    expect(parseResult('show', { ok: false, error })).toEqual({ ok: false, error });
  });
});

describe('createApi', () => {
  it('exposes exactly one function per channel plus on()', async () => {
    const calls: [string, unknown][] = [];
    const transport: Transport = {
      invoke: async (channel, request) => {
        calls.push([channel, request]);
        return { ok: true, value: status };
      },
      subscribe: () => () => undefined,
    };
    const api = createApi(transport);
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES, 'on'].sort());
    expect(await api.status({})).toEqual({ ok: true, value: status });
    expect(calls).toEqual([['status', {}]]);
  });

  it('drops events whose payload does not validate', () => {
    let deliver: (payload: unknown) => void = () => undefined;
    const api = createApi({ invoke: async () => null, subscribe: (_e, l) => ((deliver = l), () => undefined) });
    const seen: unknown[] = [];
    api.on('storeChanged', (p) => seen.push(p));
    deliver({ at: '2026-11-25T00:00:00Z' });
    deliver({ at: 5 });
    expect(seen).toEqual([{ at: '2026-11-25T00:00:00Z' }]);
  });
});
