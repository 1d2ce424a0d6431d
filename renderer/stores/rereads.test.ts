/**
 * Issue 14: the renderer re-reads what main announces, once, and never also
 * by hand after its own change. The bridge (`window.thinCert`) is the
 * renderer's public interface to main: here it is the real createApi over a
 * transport that answers like main — an event for each kind of change, sent
 * before the answer — and counts what the renderer asks for.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi, type Transport } from '../../app/api';
import type { ChannelName, EventName, ResponseOf } from '../../app/channels';
import type { Certificate, ManagementStatus, Status } from '../../app/schemas';

const management: ManagementStatus = {
  state: 'ok',
  server: { host: 'ksc.example.org', port: 13292 },
  deviceId: 'tc-1',
  pinnedFingerprint: null,
  nextFingerprint: null,
  pendingFingerprint: null,
  pendingCertificate: null,
  confirmationCode: null,
  adminContact: null,
  failedAttempts: 0,
  lockedUntil: null,
  lastSync: null,
  policyRevision: null,
  policyError: null,
};

function certificate(n: number): Certificate {
  const hex = n.toString(16).padStart(64, '0').toUpperCase();
  return {
    fingerprint: hex.match(/../g)?.join(':') ?? hex,
    sha1: 'AA',
    subject: `CN=server${n}.example.org`,
    issuer: 'CN=Example CA',
    serial: String(n),
    notBefore: '2026-01-01T00:00:00Z',
    notAfter: '2030-01-01T00:00:00Z',
    isCA: false,
    selfSigned: false,
    keyType: 'ec',
    keyBits: 256,
    curve: 'prime256v1',
    signatureAlgorithm: 'ecdsa-with-SHA256',
    subjectAltNames: [],
    keyUsage: [],
    extKeyUsage: [],
    purposes: ['rdp'],
    source: 'manual',
    label: null,
    addedAt: '2026-01-01T00:00:00Z',
    status: 'valid',
    daysLeft: 1000,
  };
}

/** What main holds, and what the renderer asked of it. */
let stored: Certificate[] = [];
const asked: { channel: ChannelName; request: unknown }[] = [];
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
const emit = (event: EventName) => {
  for (const listener of listeners.get(event) ?? []) listener({ at: new Date().toISOString() });
};

function answer(channel: ChannelName, request: Record<string, unknown>): unknown {
  switch (channel) {
    case 'status':
      return { dataDir: '/data', mode: 'unmanaged', counts: { ksc: 0, rdp: stored.length, broker: 0, logServer: 0 }, expiring: [], management, logDelivery: { server: null, state: 'none', waiting: 0, lastAttempt: null, lastError: null } } satisfies Status;
    case 'list': {
      const offset = typeof request.offset === 'number' ? request.offset : 0;
      const limit = typeof request.limit === 'number' ? request.limit : stored.length;
      return { certificates: stored.slice(offset, offset + limit), total: stored.length } satisfies ResponseOf<'list'>;
    }
    case 'preview':
      return { previewId: 'p1', certificates: [certificate(stored.length + 1)], warnings: [] } satisfies ResponseOf<'preview'>;
    case 'add': {
      const added = certificate(stored.length + 1);
      stored = [...stored, added];
      emit('storeChanged');
      return { added: [added], alreadyPresent: [] } satisfies ResponseOf<'add'>;
    }
    case 'remove': {
      const [removed, ...rest] = stored;
      stored = rest;
      emit('storeChanged');
      return { fingerprint: removed?.fingerprint ?? '', removedFromStore: true } satisfies ResponseOf<'remove'>;
    }
    case 'sync':
      // A sync that applied a policy changes the store and the management state: both are announced.
      emit('storeChanged');
      emit('managementChanged');
      return management;
    default:
      throw new Error(`the fake main does not answer ${channel}`);
  }
}

const transport: Transport = {
  async invoke(channel, request) {
    asked.push({ channel, request });
    return { ok: true, value: answer(channel, (request ?? {}) as Record<string, unknown>) };
  },
  subscribe(event, listener) {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  },
};

let stores: {
  status: typeof import('./status');
  certificates: typeof import('./certificates');
  addFlow: typeof import('./addFlow');
  management: typeof import('./management');
};

beforeAll(async () => {
  Object.assign(globalThis, { window: { thinCert: createApi(transport), location: { href: 'http://127.0.0.1/' } } });
  stores = {
    status: await import('./status'),
    certificates: await import('./certificates'),
    addFlow: await import('./addFlow'),
    management: await import('./management'),
  };
  stores.status.followStatus();
  stores.certificates.followCertificates();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
const count = (channel: ChannelName) => asked.filter((a) => a.channel === channel).length;

beforeEach(async () => {
  stored = Array.from({ length: 3 }, (_, i) => certificate(i + 1));
  await stores.certificates.useCertificates.getState().load('rdp');
  await settle();
  asked.length = 0;
});

describe('one change → one re-read', () => {
  it('one add: status once and the list on screen once', async () => {
    const flow = stores.addFlow.useAddFlow.getState();
    flow.start('rdp');
    flow.setPemText('-----BEGIN CERTIFICATE-----');
    await stores.addFlow.useAddFlow.getState().previewPaste();
    await stores.addFlow.useAddFlow.getState().confirm();
    await settle();
    expect(count('add')).toBe(1);
    expect(count('status')).toBe(1);
    expect(count('list')).toBe(1);
    expect(stores.certificates.useCertificates.getState().total).toBe(4);
  });

  it('one remove: the list once, not also by hand; back on the list screen, nothing more', async () => {
    const { useCertificates } = stores.certificates;
    const first = useCertificates.getState().certificates[0];
    expect(await useCertificates.getState().remove('rdp', first?.fingerprint ?? '')).toBeNull();
    await settle();
    await useCertificates.getState().load('rdp');
    expect(count('list')).toBe(1);
    expect(count('status')).toBe(1);
    expect(useCertificates.getState().certificates).toHaveLength(2);
  });

  it('one sync announcing two kinds of change: status once, not three times', async () => {
    await stores.management.useEnrollment.getState().sync();
    await settle();
    expect(count('sync')).toBe(1);
    expect(count('status')).toBe(1);
  });
});

describe('a list screen opened by its address', () => {
  it('asked for by the page before React renders and again by the screen: main is asked once', async () => {
    const { useCertificates } = stores.certificates;
    const early = useCertificates.getState().load('ksc');
    const onMount = useCertificates.getState().load('ksc');
    await Promise.all([early, onMount]);
    expect(asked.filter((a) => a.channel === 'list')).toHaveLength(1);
    expect(useCertificates.getState()).toMatchObject({ purpose: 'ksc', loaded: true, total: 3 });
  });
});

describe('a long list: the first screenful first, the rest after', () => {
  it('asks for one screenful, shows it, then (asked by the screen once painted) for the rest in pages, each from where the last stopped', async () => {
    stored = Array.from({ length: 1000 }, (_, i) => certificate(i + 1));
    const { useCertificates, FIRST_SCREENFUL, REST_PAGE } = stores.certificates;
    await useCertificates.getState().load('broker');
    expect(useCertificates.getState()).toMatchObject({ total: 1000, certificates: stored.slice(0, FIRST_SCREENFUL) });
    await useCertificates.getState().loadRest();
    const lists = asked.filter((a) => a.channel === 'list').map((a) => a.request);
    // The rest in pages, each from where the one before stopped: short tasks on the page's thread.
    const pages = [];
    for (let offset = FIRST_SCREENFUL; offset < 1000; offset += REST_PAGE) pages.push({ purpose: 'broker', offset, limit: REST_PAGE });
    expect(lists).toEqual([{ purpose: 'broker', limit: FIRST_SCREENFUL }, ...pages]);
    expect(pages.length).toBeGreaterThan(1);
    expect(useCertificates.getState().certificates.map((c) => c.serial)).toEqual(stored.map((c) => c.serial));
    expect(useCertificates.getState().total).toBe(1000);
  });
});
