/**
 * `thincert env` and `thincert exec`: real curl and `openssl s_client` given
 * ThinCert's files agree with `thincert check` against a real nginx, and the
 * hashed folder holds the names `openssl rehash` gives.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createTestPki, validSite, type TestPki } from '../../test/peers/test-pki';
import { startNginx, type NginxPeer } from '../../test/peers/nginx';
import { openssl } from '../../test/peers/openssl-cli';
import { thincert } from './test-support/capture';

let pki: TestPki;
let nginx: NginxPeer;
let dataDir: string;

beforeAll(async () => {
  pki = createTestPki();
  nginx = await startNginx([validSite(pki)]);
}, 60_000);

afterAll(async () => {
  await nginx?.stop();
  pki?.cleanup();
});

beforeEach(() => {
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-env-')), 'data');
});

const env = { PATH: process.env.PATH };
const url = () => `https://valid.test:${nginx.ports.valid}/`;
const connectTo = () => `valid.test:${nginx.ports.valid}:127.0.0.1:${nginx.ports.valid}`;

/** curl and s_client as a script on the thin client would run them, through `thincert exec`. */
async function curlVia(purpose: string): Promise<number> {
  return (await thincert(dataDir, ['exec', purpose, '--', 'curl', '-s', '-o', '/dev/null', '--connect-to', connectTo(), url()], { env })).status;
}
async function sClientVia(purpose: string): Promise<number> {
  const script = `openssl s_client -connect 127.0.0.1:${nginx.ports.valid} -servername valid.test -verify_hostname valid.test -verify_return_error -brief </dev/null >/dev/null 2>&1`;
  return (await thincert(dataDir, ['exec', purpose, '--', 'sh', '-c', script], { env })).status;
}
async function checkVia(purpose: string): Promise<number> {
  return (await thincert(dataDir, ['check', purpose, `valid.test:${nginx.ports.valid}`, '--connect-to', '127.0.0.1'])).status;
}

/** The variables `thincert env` prints, read back by a real shell. */
function shellSees(exportText: string, names: string[]): Record<string, string> {
  const script = `${exportText}\nfor n in ${names.join(' ')}; do eval "printf '%s=%s\\\\n' \\"\\$n\\" \\"\\$$n\\""; done`;
  const out = spawnSync('sh', ['-c', script], { encoding: 'utf8' }).stdout;
  return Object.fromEntries(out.trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

describe('thincert exec and env agree with check', () => {
  it('root stored for the purpose: check, curl and s_client all trust', async () => {
    await thincert(dataDir, ['add', 'broker', pki.rootRsa.certPath]);
    expect(await checkVia('broker')).toBe(0);
    expect(await curlVia('broker')).toBe(0);
    expect(await sClientVia('broker')).toBe(0);
  });

  // An unrelated root keeps the CA file non-empty, so curl's 60 is a verification failure, not 77 (nothing to read).
  it('root stored for another purpose only: none of them trusts', async () => {
    await thincert(dataDir, ['add', 'rdp', pki.rootRsa.certPath]);
    await thincert(dataDir, ['add', 'broker', pki.rootEc.certPath]);
    expect(await checkVia('broker')).toBe(3);
    expect(await curlVia('broker')).toBe(60);
    expect(await sClientVia('broker')).not.toBe(0);
  });

  it('root removed: none of them trusts any more', async () => {
    await thincert(dataDir, ['add', 'broker', pki.rootRsa.certPath]);
    await thincert(dataDir, ['add', 'broker', pki.rootEc.certPath]);
    expect(await curlVia('broker')).toBe(0);
    expect((await thincert(dataDir, ['remove', 'broker', pki.rootRsa.x509.fingerprint256])).status).toBe(0);
    expect(await checkVia('broker')).toBe(3);
    expect(await curlVia('broker')).toBe(60);
    expect(await sClientVia('broker')).not.toBe(0);
  });

  it('curl is told its CA path too, so /etc/ssl/certs is not added behind ThinCert', async () => {
    await thincert(dataDir, ['add', 'broker', pki.rootRsa.certPath]);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'thincert-curl-v-'));
    const log = path.join(dir, 'curl.log');
    await thincert(dataDir, ['exec', 'broker', '--', 'sh', '-c', `curl -sv -o /dev/null --connect-to ${connectTo()} ${url()} 2>${log}`], { env });
    const verbose = spawnSync('cat', [log], { encoding: 'utf8' }).stdout;
    expect(verbose).toContain(`CApath: ${path.join(dataDir, 'bundles', 'broker')}`);
    expect(verbose).not.toContain('/etc/ssl/certs');
  });

  it('the hashed folder alone is enough for OpenSSL', async () => {
    await thincert(dataDir, ['add', 'broker', pki.rootRsa.certPath]);
    const printed = (await thincert(dataDir, ['env', 'broker'], { env })).stdout;
    const dir = shellSees(printed, ['SSL_CERT_DIR']).SSL_CERT_DIR as string;
    const run = spawnSync(
      'openssl',
      ['s_client', '-connect', `127.0.0.1:${nginx.ports.valid}`, '-servername', 'valid.test', '-verify_return_error', '-brief'],
      { input: '', encoding: 'utf8', env: { ...process.env, SSL_CERT_FILE: '/dev/null', SSL_CERT_DIR: dir } },
    );
    expect(run.status).toBe(0);
  });
});

describe('thincert env', () => {
  it('prints sh export lines a shell reads back exactly, even for a data folder with a quote in its name', async () => {
    dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-env-')), "it's data");
    await thincert(dataDir, ['add', 'logServer', pki.rootRsa.certPath]);
    const run = await thincert(dataDir, ['env', 'logServer'], { env });
    expect(run.status).toBe(0);
    const names = ['SSL_CERT_FILE', 'SSL_CERT_DIR', 'CURL_CA_BUNDLE', 'CURL_HOME', 'REQUESTS_CA_BUNDLE', 'GIT_SSL_CAINFO', 'GIT_SSL_CAPATH'];
    const seen = shellSees(run.stdout, names);
    const bundle = path.join(dataDir, 'bundles', 'logServer.pem');
    expect(seen).toEqual({
      SSL_CERT_FILE: bundle,
      SSL_CERT_DIR: path.join(dataDir, 'bundles', 'logServer'),
      CURL_CA_BUNDLE: bundle,
      CURL_HOME: path.join(dataDir, 'bundles', 'logServer.curl'),
      REQUESTS_CA_BUNDLE: bundle,
      GIT_SSL_CAINFO: bundle,
      GIT_SSL_CAPATH: path.join(dataDir, 'bundles', 'logServer'),
    });
    expect(run.stderr).toBe('');
    const json = await thincert(dataDir, ['env', 'logServer', '--json'], { env });
    expect(JSON.parse(json.stdout)).toEqual({ purpose: 'logServer', variables: seen });
  });

  it('says on stderr which pinned certificates cannot be a CA for other programs', async () => {
    await thincert(dataDir, ['add', 'broker', pki.valid.certPath]);
    await thincert(dataDir, ['add', 'broker', pki.selfSigned.certPath]);
    const run = await thincert(dataDir, ['env', 'broker'], { env });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(pki.valid.x509.fingerprint256);
    expect(run.stderr).toMatch(/not self-signed/);
    expect(run.stderr).not.toContain(pki.selfSigned.x509.fingerprint256);
  });

  it('exec passes the program its arguments and exits with its status', async () => {
    const run = await thincert(dataDir, ['exec', 'rdp', '--', 'sh', '-c', 'exit 7', '--not-ours'], { env });
    expect(run.status).toBe(7);
    expect((await thincert(dataDir, ['exec', 'rdp', '--', 'no-such-program-thincert'], { env })).status).toBe(127);
    expect((await thincert(dataDir, ['exec', 'rdp'], { env })).status).toBe(2);
  });
});

describe('the hashed folder', () => {
  it('holds the names openssl rehash gives, equal subjects numbered .0 and .1, and follows removals', async () => {
    // selfSigned and otherPin share the subject CN=self.test: one hash, two names.
    for (const cert of [pki.rootRsa, pki.intermediate, pki.selfSigned, pki.otherPin, pki.rootEc]) await thincert(dataDir, ['add', 'broker', cert.certPath]);
    const hashed = path.join(dataDir, 'bundles', 'broker');
    const ours = readdirSync(hashed).filter((n) => /^[0-9a-f]{8}\.\d+$/.test(n)).sort();

    const reference = mkdtempSync(path.join(os.tmpdir(), 'thincert-rehash-'));
    for (const [i, cert] of [pki.rootRsa, pki.intermediate, pki.selfSigned, pki.otherPin, pki.rootEc].entries()) copyFileSync(cert.certPath, path.join(reference, `c${i}.pem`));
    openssl(['rehash', reference]);
    const theirs = readdirSync(reference).filter((n) => /^[0-9a-f]{8}\.\d+$/.test(n)).sort();
    expect(ours).toEqual(theirs);
    expect(ours.some((n) => n.endsWith('.1'))).toBe(true);

    await thincert(dataDir, ['remove', 'broker', pki.rootEc.x509.fingerprint256]);
    expect(readdirSync(hashed).filter((n) => /^[0-9a-f]{8}\.\d+$/.test(n)).length).toBe(4);
  });

  it('is never written through a link planted in its place', async () => {
    await thincert(dataDir, ['add', 'broker', pki.rootRsa.certPath]);
    const hashed = path.join(dataDir, 'bundles', 'broker');
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'thincert-elsewhere-'));
    rmSync(hashed, { recursive: true });
    symlinkSync(elsewhere, hashed);
    const run = await thincert(dataDir, ['env', 'broker'], { env });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/is a link, not a folder/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('is made again at start when it went missing', async () => {
    await thincert(dataDir, ['add', 'broker', pki.rootRsa.certPath]);
    const hashed = path.join(dataDir, 'bundles', 'broker');
    for (const name of readdirSync(hashed)) spawnSync('rm', ['-f', path.join(hashed, name)]);
    mkdirSync(hashed, { recursive: true });
    writeFileSync(path.join(hashed, 'deadbeef.0'), 'stale');
    await thincert(dataDir, ['env', 'broker'], { env });
    const names = readdirSync(hashed).filter((n) => /^[0-9a-f]{8}\.\d+$/.test(n));
    expect(names).toEqual([`${openssl(['x509', '-in', pki.rootRsa.certPath, '-noout', '-hash']).trim()}.0`]);
  });
});
