import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OpenSsl, type IssuedCertificate } from '../core/x509/test-support/openssl';
import { thincert } from './test-support/capture';
import { snapshotOf } from './test-support/data-snapshot';

let ssl: OpenSsl;
let root: IssuedCertificate;
let inter: IssuedCertificate;
let leaf: IssuedCertificate;
let ecLeaf: IssuedCertificate;
let dataDir: string;

beforeAll(() => {
  ssl = new OpenSsl();
  root = ssl.certificate('root', { subject: '/CN=Example Root/O=Example', key: 'rsa:2048', extensions: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'] });
  inter = ssl.certificate('inter', { subject: '/CN=Example Issuing CA/O=Example', key: 'ec:P-384', issuer: root, extensions: ['basicConstraints=critical,CA:TRUE,pathlen:0', 'keyUsage=critical,keyCertSign'] });
  leaf = ssl.certificate('leaf', { subject: '/CN=broker.example.org', key: 'ec:P-256', issuer: inter, extensions: ['subjectAltName=DNS:broker.example.org', 'extendedKeyUsage=serverAuth'] });
  ecLeaf = ssl.certificate('rdp', { subject: '/CN=rdp1.example.org', key: 'ed25519', extensions: ['subjectAltName=DNS:rdp1.example.org,IP:10.0.0.5'] });
  ssl.write('chain.pem', Buffer.concat([leaf.pem, inter.pem, root.pem]));
  ssl.run(['crl2pkcs7', '-nocrl', '-certfile', 'chain.pem', '-outform', 'DER', '-out', 'bundle.p7b']);
  ssl.write('rdp.der', ecLeaf.der);
});

afterAll(() => ssl.cleanup());

beforeEach(() => {
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-cli-')), 'data');
});

const snapshot = () => snapshotOf(dataDir);

function opensslFingerprint(file: string): string {
  return execFileSync('openssl', ['x509', '-in', file, '-noout', '-fingerprint', '-sha256']).toString().trim().split('=')[1] as string;
}

describe('thincert add, list, show, export, remove', () => {
  it('adds a DER certificate, a 3-certificate chain and a PKCS#7 bundle, and lists them with details', async () => {
    expect((await thincert(dataDir, ['add', 'rdp', ssl.path('rdp.der')])).status).toBe(0);
    expect((await thincert(dataDir, ['add', 'broker', ssl.path('chain.pem'), '--label', 'Office'])).status).toBe(0);
    expect((await thincert(dataDir, ['add', 'logServer', ssl.path('bundle.p7b')])).status).toBe(0);
    const list = await thincert(dataDir, ['list', '--json']);
    const { certificates } = JSON.parse(list.stdout) as { certificates: { fingerprint: string; purposes: string[]; keyType: string; label: string | null }[] };
    expect(certificates).toHaveLength(4);
    const byFp = new Map(certificates.map((c) => [c.fingerprint, c]));
    expect(byFp.get(opensslFingerprint(ecLeaf.certPath))).toMatchObject({ purposes: ['rdp'], keyType: 'ed25519' });
    expect(byFp.get(opensslFingerprint(leaf.certPath))).toMatchObject({ purposes: ['broker', 'logServer'], keyType: 'ec', label: 'Office' });
    const broker = JSON.parse((await thincert(dataDir, ['list', 'broker', '--json'])).stdout) as { certificates: unknown[] };
    expect(broker.certificates).toHaveLength(3);
  });

  it('shows one certificate by 8 hex digits of its fingerprint, with its PEM', async () => {
    await thincert(dataDir, ['add', 'rdp', ssl.path('rdp.der')]);
    const fp = opensslFingerprint(ecLeaf.certPath);
    const shown = await thincert(dataDir, ['show', fp.replace(/:/g, '').slice(0, 8).toLowerCase(), '--json']);
    expect(shown.status).toBe(0);
    const cert = JSON.parse(shown.stdout) as { fingerprint: string; pem: string; subjectAltNames: string[]; status: string; source: string };
    expect(cert).toMatchObject({ fingerprint: fp, subjectAltNames: ['DNS:rdp1.example.org', 'IP:10.0.0.5'], status: 'valid', source: 'manual' });
    expect(cert.pem.replace(/\s/g, '')).toBe(ecLeaf.pem.toString().replace(/\s/g, ''));
  });

  it('shows the chain of a stored certificate as far as the store holds its issuers', async () => {
    await thincert(dataDir, ['add', 'broker', ssl.path('chain.pem')]);
    const shown = JSON.parse((await thincert(dataDir, ['show', opensslFingerprint(leaf.certPath), '--json'])).stdout) as { chain: { fingerprint: string }[] };
    expect(shown.chain.map((c) => c.fingerprint)).toEqual([opensslFingerprint(inter.certPath), opensslFingerprint(root.certPath)]);
    const rootShown = JSON.parse((await thincert(dataDir, ['show', opensslFingerprint(root.certPath), '--json'])).stdout) as { chain: unknown[] };
    expect(rootShown.chain).toEqual([]);
  });

  it('exports a bundle openssl verify accepts as a CA file', async () => {
    await thincert(dataDir, ['add', 'broker', ssl.path('chain.pem')]);
    const out = path.join(path.dirname(dataDir), 'broker-ca.pem');
    expect((await thincert(dataDir, ['export', 'broker', '--out', out])).status).toBe(0);
    const verified = execFileSync('openssl', ['verify', '-CAfile', out, leaf.certPath]).toString();
    expect(verified).toContain(': OK');
  });

  it('removes a certificate from one purpose and from the store when none is left', async () => {
    await thincert(dataDir, ['add', 'broker', ssl.path('chain.pem')]);
    await thincert(dataDir, ['add', 'rdp', ssl.path('chain.pem')]);
    const fp = opensslFingerprint(leaf.certPath);
    const first = await thincert(dataDir, ['remove', 'rdp', fp.slice(0, 11), '--json']);
    expect(JSON.parse(first.stdout)).toEqual({ fingerprint: fp, removedFromStore: false });
    const second = await thincert(dataDir, ['remove', 'broker', fp.slice(0, 11), '--json']);
    expect(JSON.parse(second.stdout)).toEqual({ fingerprint: fp, removedFromStore: true });
    expect((await thincert(dataDir, ['show', fp])).status).toBe(1);
  });

  it('reads stdin for -', async () => {
    const run = await thincert(dataDir, ['add', 'rdp', '-'], { stdin: ecLeaf.pem });
    expect(run.status).toBe(0);
  });
});

describe('thincert add refuses hostile input and leaves the store unchanged', () => {
  const cases: [string, () => string, RegExp][] = [
    ['an empty file', () => ssl.write('empty.pem', ''), /empty/i],
    ['a private key', () => ssl.key('rsa:2048', 'only-key.pem'), /private key/i],
    ['a certificate with its key', () => ssl.write('both.pem', Buffer.concat([leaf.pem, readFileSync(leaf.keyPath)])), /private key/i],
    ['random text', () => ssl.write('text.pem', 'hello, this is not a certificate\n'), /does not contain/i],
    ['a folder', () => ssl.dir, /folder/i],
    ['a FIFO', () => {
      const fifo = ssl.path('fifo.pem');
      if (!existsSync(fifo)) execFileSync('mkfifo', [fifo]);
      return fifo;
    }, /not a regular file|FIFO|pipe/i],
    ['a device', () => '/dev/zero', /not a regular file|device/i],
    ['a link to a folder', () => {
      const link = ssl.path('link-to-dir.pem');
      if (!existsSync(link)) {
        mkdirSync(ssl.path('somedir'), { recursive: true });
        symlinkSync(ssl.path('somedir'), link);
      }
      return link;
    }, /folder/i],
    ['a missing file', () => ssl.path('nope.pem'), /There is no file/],
    ['a file over 1 MiB', () => ssl.write('big.pem', Buffer.alloc(1024 * 1024 + 1, 0x41)), /1 MiB|too large|larger/i],
  ];

  it.each(cases)('%s: one line or three at most, exit 1, store byte-identical', async (_name, make, message) => {
    await thincert(dataDir, ['add', 'rdp', ssl.path('rdp.der')]);
    const before = snapshot();
    const file = make();
    const run = await thincert(dataDir, ['add', 'broker', file]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
    expect(run.stdout).toBe('');
    expect(snapshot()).toEqual(before);
  });

  it('refuses an unknown purpose as a usage error (exit 2)', async () => {
    const run = await thincert(dataDir, ['add', 'email', ssl.path('rdp.der')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown purpose 'email'/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('an ambiguous or unknown fingerprint is refused with a message', async () => {
    await thincert(dataDir, ['add', 'rdp', ssl.path('rdp.der')]);
    expect((await thincert(dataDir, ['show', 'ZZZZ'])).stderr).toMatch(/at least 8 hex digits/);
    expect((await thincert(dataDir, ['show', '00000000'])).stderr).toMatch(/No stored certificate/);
  });

  it('status counts what was added, in JSON per CLI.md', async () => {
    await thincert(dataDir, ['add', 'broker', ssl.path('chain.pem')]);
    const status = JSON.parse((await thincert(dataDir, ['status', '--json'])).stdout) as { counts: Record<string, number>; mode: string; dataDir: string };
    expect(status).toMatchObject({ mode: 'unmanaged', dataDir, counts: { ksc: 0, rdp: 0, broker: 3, logServer: 0 } });
  });
});

