/**
 * Issue 16 §3 through the CLI against real nginx servers on 127.0.0.1:
 * anchors limited to names (`add --only-for`), the distrust list, and the
 * per-purpose trust level. Every refusal leaves the data folder as it was.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chainSite, createTestPki, validSite, type TestPki } from '../../test/peers/test-pki';
import { startNginx, type NginxPeer } from '../../test/peers/nginx';
import type { PkiCert } from '../../test/peers/pki';
import { thincert } from './test-support/capture';

let pki: TestPki;
let nginx: NginxPeer;
let dataDir: string;
let corpRoot: PkiCert;

beforeAll(async () => {
  pki = createTestPki();
  corpRoot = pki.pki.issue({ name: 'corp-root', commonName: 'Corp Root', key: 'ec256', ca: {} });
  const corpLeaf = (name: string, subjectAltNames: string[]) =>
    pki.pki.issue({ name, commonName: name, key: 'ec256', issuer: corpRoot, subjectAltNames });
  const site = (name: string, chain: [PkiCert, ...PkiCert[]]) => chainSite(pki.pki, name, chain);
  nginx = await startNginx([
    site('corp-dns', [corpLeaf('corp-dns', ['DNS:rdp.corp.example'])]),
    site('corp-wild', [corpLeaf('corp-wild', ['DNS:*.apps.corp.example'])]),
    site('corp-mixed', [corpLeaf('corp-mixed', ['DNS:app.corp.example', 'DNS:app.evil.example'])]),
    site('elsewhere', [corpLeaf('elsewhere', ['DNS:www.elsewhere.test'])]),
    site('ip-in', [corpLeaf('ip-in', ['IP:10.1.2.3'])]),
    site('ip-out', [corpLeaf('ip-out', ['IP:192.168.7.7'])]),
    site('ip6-in', [corpLeaf('ip6-in', ['IP:fd00::5'])]),
    validSite(pki),
    site('self-signed', [pki.selfSigned]),
  ]);
}, 60_000);

afterAll(async () => {
  await nginx?.stop();
  pki?.cleanup();
});

beforeEach(() => {
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-trust-limits-')), 'data');
});

interface CheckJson {
  trusted: boolean;
  by: string | null;
  reasons: { code: string; message: string; params?: Record<string, string | number> }[];
}

async function check(site: string, host: string, purpose = 'broker'): Promise<{ status: number; result: CheckJson }> {
  const target = host.includes(':') ? `[${host}]:${nginx.ports[site]}` : `${host}:${nginx.ports[site]}`;
  const run = await thincert(dataDir, ['check', purpose, target, '--connect-to', '127.0.0.1', '--json']);
  return { status: run.status, result: JSON.parse(run.stdout) as CheckJson };
}

async function ok(args: string[]): Promise<string> {
  const run = await thincert(dataDir, args);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

/** Every file in the data folder with its bytes (the audit trail included): a refusal must change none. */
function folderState(): Record<string, string> {
  const state: Record<string, string> = {};
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else state[path.relative(dataDir, full)] = readFileSync(full, 'base64');
    }
  };
  walk(dataDir);
  return state;
}

const codes = (result: CheckJson) => result.reasons.map((r) => r.code);
const fingerprintOf = (cert: PkiCert) => (cert.x509.fingerprint256 as string).toUpperCase();

describe('add --only-for: an anchor trusted only for some names', () => {
  beforeEach(async () => {
    await ok(['add', 'broker', corpRoot.certPath, '--only-for', 'corp.example, 10.0.0.0/8,FD00::/8']);
  });

  it('trusts names under the DNS suffix, a wildcard under it, and addresses inside the ranges', async () => {
    expect(await check('corp-dns', 'rdp.corp.example')).toMatchObject({ status: 0, result: { trusted: true, by: 'anchor' } });
    expect(await check('corp-wild', 'x.apps.corp.example')).toMatchObject({ status: 0, result: { trusted: true, by: 'anchor' } });
    expect(await check('ip-in', '10.1.2.3')).toMatchObject({ status: 0, result: { trusted: true, by: 'anchor' } });
    expect(await check('ip6-in', 'fd00::5')).toMatchObject({ status: 0, result: { trusted: true, by: 'anchor' } });
  });

  it('refuses a server outside the names with anchor-not-for-name, naming the name and the allowed list', async () => {
    const { status, result } = await check('elsewhere', 'www.elsewhere.test');
    expect(status).toBe(3);
    expect(codes(result)).toEqual(['anchor-not-for-name']);
    expect(result.reasons[0]?.params).toEqual({ name: 'www.elsewhere.test', anchor: expect.stringContaining('Corp Root'), allowed: 'corp.example, 10.0.0.0/8, fd00:0:0:0:0:0:0:0/8' });
    expect(result.reasons[0]?.message).toContain('www.elsewhere.test');
    expect(result.reasons[0]?.message).toContain('corp.example, 10.0.0.0/8');
  });

  it('refuses an address outside the ranges', async () => {
    const { status, result } = await check('ip-out', '192.168.7.7');
    expect(status).toBe(3);
    expect(result.reasons).toEqual([expect.objectContaining({ code: 'anchor-not-for-name', params: expect.objectContaining({ name: '192.168.7.7' }) })]);
  });

  it('refuses a leaf that also names a host outside the limit, even when asked for a name inside', async () => {
    const { status, result } = await check('corp-mixed', 'app.corp.example');
    expect(status).toBe(3);
    expect(result.reasons.map((r) => r.params?.name)).toEqual(['app.evil.example']);
  });

  it('a suffix is a whole label: corp.example does not cover notcorp.example', async () => {
    await ok(['remove', 'broker', fingerprintOf(corpRoot)]);
    await ok(['add', 'broker', corpRoot.certPath, '--only-for', 'corp.example']);
    // rdp.corp.example is inside; an IP leaf is outside a DNS-only limit.
    expect((await check('corp-dns', 'rdp.corp.example')).status).toBe(0);
    expect(codes((await check('ip-in', '10.1.2.3')).result)).toEqual(['anchor-not-for-name']);
  });

  it('is shown by list and show, in words and in JSON', async () => {
    const listed = JSON.parse(await ok(['list', 'broker', '--json'])) as { certificates: { onlyFor: string[] | null }[] };
    expect(listed.certificates.map((c) => c.onlyFor)).toEqual([['corp.example', '10.0.0.0/8', 'fd00:0:0:0:0:0:0:0/8']]);
    expect(await ok(['list', 'broker'])).toContain('only for corp.example,10.0.0.0/8');
    const shown = JSON.parse(await ok(['show', fingerprintOf(corpRoot), '--json'])) as { onlyFor: string[] | null };
    expect(shown.onlyFor).toEqual(['corp.example', '10.0.0.0/8', 'fd00:0:0:0:0:0:0:0/8']);
    expect(await ok(['show', fingerprintOf(corpRoot)])).toMatch(/Only for\s+corp\.example, 10\.0\.0\.0\/8/);
    const unlimited = await thincert(dataDir, ['add', 'broker', pki.rootRsa.certPath]);
    expect(unlimited.status).toBe(0);
    const all = JSON.parse(await ok(['list', 'broker', '--json'])) as { certificates: { fingerprint: string; onlyFor: string[] | null }[] };
    expect(all.certificates.find((c) => c.fingerprint === fingerprintOf(pki.rootRsa))?.onlyFor).toBeNull();
  });

  it('is recorded in the audit trail', async () => {
    const records = JSON.parse(await ok(['audit', '--json'])) as { records: { event: string; details: Record<string, unknown> }[] };
    expect(records.records.map((r) => r.event)).toEqual(['certificate-added', 'anchor-limited']);
    expect(records.records[1]?.details).toMatchObject({ purpose: 'broker', onlyFor: ['corp.example', '10.0.0.0/8', 'fd00:0:0:0:0:0:0:0/8'] });
  });
});

describe('add --only-for refusals change nothing', () => {
  it.each([
    ['10.0.0.1/8', /bits set past the \/8 prefix/],
    ['10.0.0.0/33', /prefix/],
    ['fd00::/129', /prefix/],
    ['corp..example', /not a DNS name|label/],
    ['*.corp.example', /wildcard/],
    ['corp.example,,10.0.0.0/8', /empty/],
    ['-corp.example', /label/],
    ['10.0', /looks like an address/],
  ])('refuses --only-for %s', async (list, words) => {
    await ok(['add', 'rdp', pki.rootEc.certPath]);
    const before = folderState();
    const run = await thincert(dataDir, ['add', 'broker', corpRoot.certPath, '--only-for', list]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(words);
    expect(folderState()).toEqual(before);
  });

  it('refuses --only-for on a server certificate (not a CA), for the whole file', async () => {
    await ok(['add', 'rdp', pki.rootEc.certPath]);
    const before = folderState();
    const both = pki.pki.bundle('root-and-leaf', [corpRoot, pki.valid]);
    const run = await thincert(dataDir, ['add', 'broker', both, '--only-for', 'corp.example']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/not a CA certificate/);
    expect(folderState()).toEqual(before);
  });
});

describe('distrust: certificates never trusted, whatever is stored', () => {
  it('a distrusted intermediate under a stored root makes the chain untrusted, naming it', async () => {
    await ok(['add', 'broker', pki.rootRsa.certPath]);
    expect((await check('valid', 'valid.test')).status).toBe(0);
    expect(await ok(['distrust', 'add', pki.intermediate.certPath])).toContain(fingerprintOf(pki.intermediate));
    const { status, result } = await check('valid', 'valid.test');
    expect(status).toBe(3);
    expect(result).toMatchObject({ trusted: false, by: null });
    expect(result.reasons).toEqual([
      expect.objectContaining({ code: 'distrusted', params: { subject: expect.stringContaining('ThinCert Test Intermediate'), fingerprint: fingerprintOf(pki.intermediate) } }),
    ]);
    expect(result.reasons[0]?.message).toContain('ThinCert Test Intermediate');
  });

  it('a distrusted stored root is not an anchor any more', async () => {
    await ok(['add', 'broker', pki.rootRsa.certPath]);
    await ok(['distrust', 'add', fingerprintOf(pki.rootRsa)]);
    const { status, result } = await check('valid', 'valid.test');
    expect(status).toBe(3);
    expect(codes(result)).toContain('distrusted');
  });

  it('a distrusted stored certificate leaves the bundle other programs trust, and comes back when removed', async () => {
    await ok(['add', 'broker', pki.rootRsa.certPath]);
    const bundle = () => readFileSync(path.join(dataDir, 'bundles', 'broker.pem'), 'utf8');
    const body = pki.rootRsa.pem.replace(/-----[^-]+-----|\s/g, '').slice(0, 64);
    expect(bundle().replace(/\s/g, '')).toContain(body);
    await ok(['distrust', 'add', pki.rootRsa.certPath]);
    expect(bundle().replace(/\s/g, '')).not.toContain(body);
    await ok(['distrust', 'remove', fingerprintOf(pki.rootRsa)]);
    expect(bundle().replace(/\s/g, '')).toContain(body);
  });

  it('a distrusted pin is not trusted, and removing the entry trusts it again', async () => {
    await ok(['add', 'broker', pki.selfSigned.certPath]);
    expect(await check('self-signed', 'self.test')).toMatchObject({ status: 0, result: { by: 'pinned-leaf' } });
    await ok(['distrust', 'add', fingerprintOf(pki.selfSigned).replace(/:/g, '').toLowerCase()]);
    const listed = JSON.parse(await ok(['distrust', 'list', '--json'])) as { certificates: { fingerprint: string; subject: string | null; source: string }[] };
    expect(listed.certificates).toEqual([
      expect.objectContaining({ fingerprint: fingerprintOf(pki.selfSigned), subject: expect.stringContaining('self.test'), source: 'local' }),
    ]);
    const refused = await check('self-signed', 'self.test');
    expect(refused.status).toBe(3);
    expect(codes(refused.result)).toEqual(['distrusted']);

    await ok(['distrust', 'remove', fingerprintOf(pki.selfSigned).slice(0, 11)]);
    expect((await check('self-signed', 'self.test')).status).toBe(0);
    const records = JSON.parse(await ok(['audit', '--json'])) as { records: { event: string; actor: string }[] };
    expect(records.records.map((r) => r.event)).toEqual(['certificate-added', 'certificate-distrusted', 'distrust-removed']);
  });

  it('adding or fetching a distrusted certificate is refused and changes nothing', async () => {
    await ok(['distrust', 'add', pki.selfSigned.certPath]);
    const before = folderState();
    const added = await thincert(dataDir, ['add', 'broker', pki.selfSigned.certPath]);
    expect(added.status).toBe(1);
    expect(added.stderr).toMatch(/distrust list/);
    const fetched = await thincert(dataDir, [
      'fetch', 'broker', `self.test:${nginx.ports['self-signed']}`, '--connect-to', '127.0.0.1', '--accept-fingerprint', fingerprintOf(pki.selfSigned),
    ]);
    expect(fetched.status).toBe(1);
    expect(fetched.stderr).toMatch(/distrust list/);
    expect(folderState()).toEqual(before);
  });

  it('lists a weak certificate (one add would refuse) from its file', async () => {
    const listed = JSON.parse(await ok(['distrust', 'add', pki.weakRsa1024.certPath, '--json'])) as { added: { fingerprint: string }[] };
    expect(listed.added.map((e) => e.fingerprint)).toEqual([fingerprintOf(pki.weakRsa1024)]);
  });

  it('refuses a short fingerprint to add, and an unknown one to remove, changing nothing', async () => {
    await ok(['distrust', 'add', pki.intermediate.certPath]);
    const before = folderState();
    const short = await thincert(dataDir, ['distrust', 'add', 'ABCDEF12']);
    expect(short.status).toBe(1);
    const unknown = await thincert(dataDir, ['distrust', 'remove', 'ABCDEF1234']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/Nothing on the distrust list/);
    expect(folderState()).toEqual(before);
  });
});

describe('config set trustLevel PURPOSE both|pins-only|anchors-only', () => {
  it('pins-only refuses a server trusted by a stored authority; both trusts it again', async () => {
    await ok(['add', 'broker', pki.rootRsa.certPath]);
    expect(await ok(['config', 'set', 'trustLevel', 'broker', 'pins-only'])).toContain('pins-only');
    const { status, result } = await check('valid', 'valid.test');
    expect(status).toBe(3);
    expect(codes(result)).toContain('anchors-not-allowed');
    expect(result.reasons.find((r) => r.code === 'anchors-not-allowed')?.message).toContain('ThinCert Test Root RSA');
    // Another purpose keeps its own level.
    await ok(['add', 'logServer', pki.rootRsa.certPath]);
    expect((await check('valid', 'valid.test', 'logServer')).status).toBe(0);
    await ok(['config', 'set', 'trustLevel', 'broker', 'both']);
    expect((await check('valid', 'valid.test')).status).toBe(0);
  });

  it('anchors-only refuses a pinned server, and a pin still counts under pins-only', async () => {
    await ok(['add', 'broker', pki.selfSigned.certPath]);
    await ok(['config', 'set', 'trustLevel', 'broker', 'anchors-only']);
    const { status, result } = await check('self-signed', 'self.test');
    expect(status).toBe(3);
    expect(codes(result)).toContain('pins-not-allowed');
    await ok(['config', 'set', 'trustLevel', 'broker', 'pins-only']);
    expect(await check('self-signed', 'self.test')).toMatchObject({ status: 0, result: { by: 'pinned-leaf' } });
  });

  it('is shown by config get and audited; a bad value is refused and changes nothing', async () => {
    await ok(['config', 'set', 'trustLevel', 'rdp', 'anchors-only']);
    expect(JSON.parse(await ok(['config', 'get', 'trustLevel', '--json']))).toEqual({
      trustLevel: { ksc: 'both', rdp: 'anchors-only', broker: 'both', logServer: 'both' },
    });
    const records = JSON.parse(await ok(['audit', '--json'])) as { records: { event: string; details: Record<string, unknown> }[] };
    expect(records.records).toEqual([expect.objectContaining({ event: 'setting-changed', details: { key: 'trustLevel.rdp', from: 'both', to: 'anchors-only' } })]);
    const before = folderState();
    expect((await thincert(dataDir, ['config', 'set', 'trustLevel', 'rdp', 'pins'])).status).toBe(1);
    expect((await thincert(dataDir, ['config', 'set', 'trustLevel', 'nowhere', 'both'])).status).toBe(1);
    expect((await thincert(dataDir, ['config', 'set', 'trustLevel', 'rdp'])).status).toBe(2);
    expect(folderState()).toEqual(before);
  });
});
