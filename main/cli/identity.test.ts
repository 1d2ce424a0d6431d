/**
 * Issue 17 through the CLI against Debian's scepserver on 127.0.0.1: enroll,
 * refusals that store nothing, a server gone mid-enrollment, renewal (the old
 * certificate revoked in the depot's index), PKCS#12 import and removal.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { lstatSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScepServer, type ScepPeer } from '../../test/peers/scep';
import { identityPaths } from '../core/identity/files';
import { thincert } from './test-support/capture';

const CHALLENGE = 'device-enroll-secret';
let peer: ScepPeer;
let work: string;
let challengeFile: string;
let wrongChallengeFile: string;

beforeAll(async () => {
  peer = await startScepServer({ challenge: CHALLENGE });
  work = await mkdtemp(join(tmpdir(), 'thincert-identity-cli-'));
  challengeFile = join(work, 'challenge.txt');
  writeFileSync(challengeFile, `${CHALLENGE}\n`);
  wrongChallengeFile = join(work, 'wrong.txt');
  writeFileSync(wrongChallengeFile, 'not-the-secret\n');
});

afterAll(async () => {
  await peer.dispose();
  await rm(work, { recursive: true, force: true });
});

let dirs = 0;
const dataDir = () => join(work, `data-${++dirs}`);

interface ShownIdentity {
  state: string;
  certificate: { subject: string; issuer: string; serial: string; notBefore: string; notAfter: string; fingerprint: string } | null;
  renewAt: string | null;
}

async function show(dir: string): Promise<ShownIdentity> {
  const run = await thincert(dir, ['identity', 'show', '--json']);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as ShownIdentity;
}

function enrollArgs(url: string, options: { challenge?: string; fingerprint?: string; cn?: string } = {}): string[] {
  return ['identity', 'enroll', '--scep', url, '--challenge-file', options.challenge ?? challengeFile, '--ca-fingerprint', options.fingerprint ?? peer.caFingerprint, '--cn', options.cn ?? 'tc-cli-1', '--san', 'DNS:tc-cli-1.example', '--san', 'IP:10.1.2.3'];
}

async function auditText(dir: string): Promise<string> {
  const run = await thincert(dir, ['audit', '--json']);
  return run.stdout;
}

describe('thincert identity (SCEP, real scepserver)', () => {
  it('enrolls: exit 0, the certificate with the CN and SANs asked for, key 0600 in a 0700 folder, audited without the challenge', async () => {
    const dir = dataDir();
    expect(await show(dir)).toEqual({ state: 'none', certificate: null, renewAt: null });
    const run = await thincert(dir, enrollArgs(peer.url));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('state: valid');
    const shown = await show(dir);
    expect(shown.state).toBe('valid');
    expect(shown.certificate?.subject).toContain('CN=tc-cli-1');
    expect(shown.certificate?.issuer).toContain('scep-ca');
    expect(shown.renewAt).not.toBeNull();
    // Two thirds of a two-day lifetime.
    const lifetime = Date.parse(shown.certificate?.notAfter ?? '') - Date.parse(shown.certificate?.notBefore ?? '');
    expect(Date.parse(shown.renewAt ?? '') - Date.parse(shown.certificate?.notBefore ?? '')).toBeCloseTo((lifetime * 2) / 3, -4);

    const paths = identityPaths(dir);
    const cert = new X509Certificate(readFileSync(paths.certPath));
    expect(cert.subjectAltName).toContain('DNS:tc-cli-1.example');
    expect(cert.subjectAltName).toContain('IP Address:10.1.2.3');
    expect(statSync(paths.dir).mode & 0o777).toBe(0o700);
    expect(statSync(paths.keyPath).mode & 0o777).toBe(0o600);
    expect(lstatSync(paths.certPath).isSymbolicLink()).toBe(true);
    // openssl agrees the key is the certificate's.
    const keyModulus = execFileSync('openssl', ['pkey', '-in', paths.keyPath, '-pubout'], { encoding: 'utf8' });
    expect(execFileSync('openssl', ['x509', '-in', paths.certPath, '-noout', '-pubkey'], { encoding: 'utf8' })).toBe(keyModulus);

    const trail = await auditText(dir);
    expect(trail).toContain('identity-enrolled');
    expect(trail).toContain(shown.certificate?.fingerprint);
    expect(trail).toContain(peer.url);
    expect(trail).not.toContain(CHALLENGE);
    expect(trail).not.toContain('PRIVATE KEY');
    expect(peer.index().some((line) => line.startsWith('V') && line.includes('CN=tc-cli-1'))).toBe(true);
  });

  it('wrong challenge: exit 1 with the CA’s reason, nothing stored, the failure audited without the challenge', async () => {
    const dir = dataDir();
    const run = await thincert(dir, enrollArgs(peer.url, { challenge: wrongChallengeFile, cn: 'tc-wrong-challenge' }));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/refused the request: bad/);
    expect((await show(dir)).state).toBe('none');
    expect((await thincert(dir, ['identity', 'show'])).stdout).toMatch(/last error .*refused the request/);
    expect(readdirSync(identityPaths(dir).dir).filter((name) => name.startsWith('gen-'))).toEqual([]);
    const trail = await auditText(dir);
    expect(trail).toContain('identity-failed');
    expect(trail).not.toContain('not-the-secret');
    expect(peer.index().some((line) => line.includes('tc-wrong-challenge'))).toBe(false);
  });

  it('wrong CA fingerprint: scep-ca-mismatch, exit 1, and no request reaches the CA', async () => {
    const dir = dataDir();
    const before = peer.index().length;
    const run = await thincert(dir, enrollArgs(peer.url, { fingerprint: 'AB'.repeat(32), cn: 'tc-wrong-ca' }));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('is not the one confirmed');
    expect(run.stderr).toContain(peer.caFingerprint);
    expect(peer.index().length).toBe(before);
    expect((await show(dir)).state).toBe('none');
  });

  it('server down mid-enrollment: exit 1, the identity in use stays whole and in use', async () => {
    const dir = dataDir();
    expect((await thincert(dir, enrollArgs(peer.url, { cn: 'tc-mid' }))).status).toBe(0);
    const before = await show(dir);
    const keyBefore = readFileSync(identityPaths(dir).keyPath, 'utf8');
    // Answers GetCACaps and GetCACert from the real server, then drops the connection of the PKIOperation.
    const proxy = await dropPkiOperations(peer.port);
    try {
      const run = await thincert(dir, enrollArgs(proxy.url, { cn: 'tc-mid' }));
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('could not be reached');
    } finally {
      await new Promise<void>((resolve) => proxy.server.close(() => resolve()));
    }
    const after = await show(dir);
    expect(after.state).toBe('valid');
    expect(after.certificate).toEqual(before.certificate);
    expect(readFileSync(identityPaths(dir).keyPath, 'utf8')).toBe(keyBefore);
  });

  it('renews: a new key and serial, a later notAfter, the old certificate revoked in the depot index', async () => {
    const dir = dataDir();
    expect((await thincert(dir, enrollArgs(peer.url, { cn: 'tc-renew' }))).status).toBe(0);
    const before = await show(dir);
    const keyBefore = readFileSync(identityPaths(dir).keyPath, 'utf8');
    await sleep(1100);
    // Debian's scepserver 2.1 checks the challenge on every request, renewal included.
    const run = await thincert(dir, ['identity', 'renew', '--challenge-file', challengeFile]);
    expect(run.status, run.stderr).toBe(0);
    const after = await show(dir);
    expect(after.state).toBe('valid');
    expect(after.certificate?.serial).not.toBe(before.certificate?.serial);
    expect(Date.parse(after.certificate?.notAfter ?? '')).toBeGreaterThan(Date.parse(before.certificate?.notAfter ?? ''));
    expect(readFileSync(identityPaths(dir).keyPath, 'utf8')).not.toBe(keyBefore);
    const serialOf = (hex: string | undefined) => (hex ?? '').replace(/:/g, '').replace(/^0+/, '').toUpperCase();
    const lines = peer.index().filter((line) => line.includes('CN=tc-renew'));
    const revoked = lines.find((line) => serialOf(line.split('\t')[3]) === serialOf(before.certificate?.serial));
    const valid = lines.find((line) => serialOf(line.split('\t')[3]) === serialOf(after.certificate?.serial));
    expect(revoked?.startsWith('R')).toBe(true);
    expect(valid?.startsWith('V')).toBe(true);
    console.info(`depot index after renewal:\n${lines.join('\n')}\nbefore: ${JSON.stringify(before)}\nafter: ${JSON.stringify(after)}`);
    expect(await auditText(dir)).toContain('identity-renewed');
  });

  it('renewal without the challenge this server wants: exit 1 with its reason, the identity in use unchanged', async () => {
    const dir = dataDir();
    expect((await thincert(dir, enrollArgs(peer.url, { cn: 'tc-renew-no-challenge' }))).status).toBe(0);
    const before = await show(dir);
    const run = await thincert(dir, ['identity', 'renew']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('refused the request');
    expect((await show(dir)).certificate).toEqual(before.certificate);
  });

  it('removes: state none, the key gone, audited', async () => {
    const dir = dataDir();
    expect((await thincert(dir, enrollArgs(peer.url, { cn: 'tc-remove' }))).status).toBe(0);
    const run = await thincert(dir, ['identity', 'remove']);
    expect(run.status, run.stderr).toBe(0);
    expect(await show(dir)).toEqual({ state: 'none', certificate: null, renewAt: null });
    expect(readdirSync(identityPaths(dir).dir).filter((name) => name.startsWith('gen-'))).toEqual([]);
    expect(await auditText(dir)).toContain('identity-removed');
  });
});

describe('thincert identity import (PKCS#12 made by openssl)', () => {
  const password = 'p12-password';
  let keyPem: string;
  let certPem: string;
  let passwordFile: string;

  beforeAll(() => {
    keyPem = join(work, 'p12-key.pem');
    certPem = join(work, 'p12-cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPem, '-out', certPem, '-days', '30', '-subj', '/CN=tc-p12'], { stdio: 'ignore' });
    passwordFile = join(work, 'p12-password.txt');
    writeFileSync(passwordFile, `${password}\n`);
  });

  const p12 = (name: string, extra: string[]) => {
    const out = join(work, name);
    execFileSync('openssl', ['pkcs12', '-export', '-out', out, '-passout', `pass:${password}`, ...extra], { stdio: 'ignore' });
    return out;
  };

  it('imports OpenSSL 3’s default (AES-256-CBC, PBKDF2, SHA-256 MAC) and -legacy files: not renewable, audited without the password', async () => {
    for (const file of [p12('default.p12', ['-in', certPem, '-inkey', keyPem]), p12('legacy.p12', ['-legacy', '-in', certPem, '-inkey', keyPem])]) {
      const dir = dataDir();
      const run = await thincert(dir, ['identity', 'import', file, '--password-file', passwordFile]);
      expect(run.status, run.stderr).toBe(0);
      const shown = await show(dir);
      expect(shown.state).toBe('valid');
      expect(shown.certificate?.subject).toBe('CN=tc-p12');
      expect(shown.renewAt).toBeNull();
      expect(readFileSync(identityPaths(dir).certPath, 'utf8')).toBe(readFileSync(certPem, 'utf8'));
      const trail = await auditText(dir);
      expect(trail).toContain('identity-imported');
      expect(trail).not.toContain(password);
      const renew = await thincert(dir, ['identity', 'renew']);
      expect(renew.status).toBe(1);
      expect(renew.stderr).toContain('imported from a PKCS#12 file');
    }
  });

  it('imports what node-forge cannot parse itself: an EC key, and an RSA certificate an EC CA signed', async () => {
    const ecKey = join(work, 'ec-key.pem');
    const ecCert = join(work, 'ec-cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', ecKey, '-out', ecCert, '-days', '30', '-subj', '/CN=tc-ec-ca'], { stdio: 'ignore' });
    const csr = join(work, 'rsa-under-ec.csr');
    const rsaKey = join(work, 'rsa-under-ec.key');
    const rsaCert = join(work, 'rsa-under-ec.pem');
    execFileSync('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', rsaKey, '-out', csr, '-subj', '/CN=tc-rsa-under-ec'], { stdio: 'ignore' });
    execFileSync('openssl', ['x509', '-req', '-in', csr, '-CA', ecCert, '-CAkey', ecKey, '-set_serial', '7', '-days', '30', '-out', rsaCert], { stdio: 'ignore' });
    for (const [file, subject] of [
      [p12('ec.p12', ['-in', ecCert, '-inkey', ecKey]), 'CN=tc-ec-ca'],
      [p12('rsa-under-ec.p12', ['-in', rsaCert, '-inkey', rsaKey, '-certfile', ecCert]), 'CN=tc-rsa-under-ec'],
    ] as const) {
      const dir = dataDir();
      const run = await thincert(dir, ['identity', 'import', file, '--password-file', passwordFile]);
      expect(run.status, run.stderr).toBe(0);
      expect((await show(dir)).certificate?.subject).toBe(subject);
    }
  });

  it('refuses a wrong password, a file without a key and a key of another certificate, storing nothing', async () => {
    const wrongPassword = join(work, 'wrong-password.txt');
    writeFileSync(wrongPassword, 'nope\n');
    const good = p12('good.p12', ['-in', certPem, '-inkey', keyPem]);
    const noKey = p12('nokey.p12', ['-nokeys', '-in', certPem]);
    // openssl refuses to write a mismatched pair; node-forge's writer does it.
    const otherKey = forge.pki.rsa.generateKeyPair(1024).privateKey;
    const mismatched = join(work, 'mismatch.p12');
    const asn1 = forge.pkcs12.toPkcs12Asn1(otherKey, [forge.pki.certificateFromPem(readFileSync(certPem, 'utf8'))], password, { algorithm: '3des' });
    writeFileSync(mismatched, Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
    for (const [file, pass, code] of [
      [good, wrongPassword, 'password does not open'],
      [noKey, passwordFile, 'holds no private key'],
      [mismatched, passwordFile, 'does not belong to its certificate'],
    ] as const) {
      const dir = dataDir();
      const run = await thincert(dir, ['identity', 'import', file, '--password-file', pass]);
      expect(run.status, file).toBe(1);
      expect(run.stderr).toContain(code);
      expect((await show(dir)).state).toBe('none');
    }
  });
});

/** A loopback HTTP front of scepserver that forwards GETs and drops every PKIOperation's connection. */
async function dropPkiOperations(port: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if ((req.url ?? '').includes('PKIOperation')) {
      req.socket.destroy();
      return;
    }
    const upstream = httpRequest({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return { server, url: `http://127.0.0.1:${address.port}/scep` };
}
