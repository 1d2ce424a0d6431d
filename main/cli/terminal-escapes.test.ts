/**
 * Issue 13, hole 6: a certificate's text must not act on the administrator's
 * terminal. The certificates are made by openssl with escape sequences, an
 * 8-bit CSI and a bidi override in their names.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OpenSsl } from '../core/x509/test-support/openssl';
import { startNginx, type NginxPeer } from '../../test/peers/nginx';
import { thincert } from './test-support/capture';

const ESC = '\u001b';
const BEL = '\u0007';
const CSI8 = '\u009b';
const RLO = '\u202e';
const CN = `evil${ESC}]0;pwned${BEL} ${ESC}[2J ${RLO}exe.pdf ${CSI8}31m`;
const O = `Org${ESC}[31m${RLO}red`;
/** What name.ts makes of it: RFC 4514 order and escapes (C0 as \XX, ';' as \;); C1 and bidi are left as they are. */
const SUBJECT = `O=Org\\1B[31m${RLO}red, CN=evil\\1B]0\\;pwned\\07 \\1B[2J ${RLO}exe.pdf ${CSI8}31m`;
/** dNSName bytes are read as Latin-1, so 0x9B arrives as U+009B (after the UTF-8 lead byte openssl wrote). */
const SANS = [`DNS:a${ESC}]0;pwned${BEL}.example`, `DNS:b${ESC}[2J.example`, `DNS:c\u00c2${CSI8}.example`, 'DNS:t\tab.example'];

let ssl: OpenSsl;
let evilPath: string;
let weakPath: string;
let dataDir: string;
let nginx: NginxPeer;

function evilCertificate(name: string, key: 'ec:P-256' | 'rsa:1024'): string {
  const keyPath = ssl.key(key, `${name}.key`);
  const san = `subjectAltName=${SANS.map((s) => s.replace(`\u00c2${CSI8}`, CSI8)).join(',')}`;
  ssl.run(['req', '-x509', '-new', '-utf8', '-key', keyPath, '-subj', `/CN=${CN}/O=${O}`, '-addext', san, '-days', '10', '-out', `${name}.pem`]);
  return ssl.path(`${name}.pem`);
}

/** Every character that moves the cursor, rewrites the screen or reorders text; LF is the layout's own. */
function rawControls(text: string): string[] {
  const found: string[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    const control = (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
    const bidi = code === 0x061c || code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    if (control || bidi) found.push(`U+${code.toString(16).padStart(4, '0')}`);
  }
  return found;
}

beforeAll(async () => {
  ssl = new OpenSsl();
  evilPath = evilCertificate('evil', 'ec:P-256');
  weakPath = evilCertificate('weak', 'rsa:1024');
  nginx = await startNginx([{ name: 'evil', chainPath: evilPath, keyPath: ssl.path('evil.key') }]);
}, 60_000);
afterAll(async () => {
  await nginx?.stop();
  ssl.cleanup();
});
beforeEach(() => {
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-tty-')), 'data');
});

/** The subject as the terminal shows it: visible escapes only. */
const escapedSubject = 'O=Org\\1B[31m\\u{202E}red, CN=evil\\1B]0\\;pwned\\07 \\1B[2J \\u{202E}exe.pdf \\x9B31m';

describe('certificate text on the terminal', () => {
  it('add, list, show and status print no raw control or bidi character, and show them as visible escapes', async () => {
    const added = await thincert(dataDir, ['add', 'rdp', evilPath]);
    expect(added.status).toBe(0);
    const list = await thincert(dataDir, ['list']);
    const fingerprint = (JSON.parse((await thincert(dataDir, ['list', '--json'])).stdout) as { certificates: { fingerprint: string }[] }).certificates[0]?.fingerprint ?? '';
    const show = await thincert(dataDir, ['show', fingerprint]);
    const status = await thincert(dataDir, ['status']);
    for (const [name, run] of Object.entries({ added, list, show, status })) {
      expect(rawControls(run.stdout), `${name} stdout`).toEqual([]);
      expect(rawControls(run.stderr), `${name} stderr`).toEqual([]);
    }
    expect(added.stdout).toContain(escapedSubject);
    expect(list.stdout).toContain(escapedSubject);
    expect(status.stdout).toContain(escapedSubject);
    expect(show.stdout).toContain(`Subject         ${escapedSubject}\n`);
    expect(show.stdout).toContain(`Issuer          ${escapedSubject}\n`);
    expect(show.stdout).toContain('Names           DNS:a\\x1B]0;pwned\\x07.example, DNS:b\\x1B[2J.example, DNS:c\u00c2\\x9B.example, DNS:t\\x09ab.example\n');
  });

  it('list --json and show --json keep the exact strings', async () => {
    expect((await thincert(dataDir, ['add', 'rdp', evilPath])).status).toBe(0);
    const list = await thincert(dataDir, ['list', '--json']);
    const [cert] = (JSON.parse(list.stdout) as { certificates: { fingerprint: string; subject: string; issuer: string; subjectAltNames: string[] }[] }).certificates;
    expect(cert?.subject).toBe(SUBJECT);
    expect(cert?.issuer).toBe(SUBJECT);
    expect(cert?.subjectAltNames).toEqual(SANS);
    const show = JSON.parse((await thincert(dataDir, ['show', cert?.fingerprint ?? '', '--json'])).stdout) as { subject: string; subjectAltNames: string[] };
    expect(show.subject).toBe(SUBJECT);
    expect(show.subjectAltNames).toEqual(SANS);
  });

  it('a command that prints the subject without the formatter (audit) is still escaped by the output guard', async () => {
    expect((await thincert(dataDir, ['add', 'rdp', evilPath])).status).toBe(0);
    const audit = await thincert(dataDir, ['audit']);
    expect(audit.status).toBe(0);
    expect(audit.stdout).toContain('certificate-added');
    expect(rawControls(audit.stdout)).toEqual([]);
    expect(audit.stdout).toContain('\\u{202E}exe.pdf \\x9B31m');
    const json = JSON.parse((await thincert(dataDir, ['audit', '--json'])).stdout) as { records: { details: { subject?: string } }[] };
    expect(json.records.map((r) => r.details.subject)).toContain(SUBJECT);
  });

  it('check and fetch show what a server presents escaped, on stdout and stderr', async () => {
    const check = await thincert(dataDir, ['check', 'broker', `evil.test:${nginx.port}`, '--connect-to', '127.0.0.1']);
    expect(check.status).toBe(3);
    expect(rawControls(check.stdout)).toEqual([]);
    expect(check.stdout).toContain(`  0: ${escapedSubject}\n     issuer ${escapedSubject}\n`);
    const fetch = await thincert(dataDir, ['fetch', 'broker', `evil.test:${nginx.port}`, '--connect-to', '127.0.0.1']);
    expect(fetch.status).toBe(1);
    expect(rawControls(fetch.stderr)).toEqual([]);
    expect(fetch.stderr).toContain(`  server: ${escapedSubject}\n    issued by ${escapedSubject}\n`);
  });

  it('a refusal that quotes the subject (weak-key) is one line with the controls escaped', async () => {
    const refused = await thincert(dataDir, ['add', 'rdp', weakPath]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(rawControls(refused.stderr)).toEqual([]);
    expect(refused.stderr).toContain(`thincert: The certificate "${escapedSubject}" has an RSA key of 1024 bits`);
    expect(refused.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(JSON.parse((await thincert(dataDir, ['list', '--json'])).stdout)).toEqual({ certificates: [] });
  });

  it('a refusal under --json is escaped on stderr too, and stdout stays empty', async () => {
    const refused = await thincert(dataDir, ['add', 'rdp', weakPath, '--json']);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(rawControls(refused.stderr)).toEqual([]);
    expect(refused.stderr).toContain('\\u{202E}');
  });
});
