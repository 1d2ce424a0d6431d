import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicy, parsePolicy } from './policy';

function makePem(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thincert-policy-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '30', '-subj', '/CN=rdp.example.test', '-keyout', join(dir, 'k'), '-out', join(dir, 'c')], { stdio: 'pipe' });
  return readFileSync(join(dir, 'c'), 'utf8');
}

const pem = makePem();
const good = {
  version: 1,
  revision: 42,
  managed: true,
  adminContact: { name: 'IT service desk', phone: '+7 495 000-00-00', email: 'it@example.org' },
  certificates: [{ purpose: 'rdp', pem }],
  nextManagementCertificate: null,
  logServer: 'logs.example.org:6514',
};

describe('policy validation (PROTOCOL.md §3)', () => {
  it('accepts the policy of the protocol example', () => {
    const verdict = checkPolicy(good);
    expect(verdict.ok).toBe(true);
  });

  it('takes an absent logServer, contact or next certificate as none', () => {
    const { logServer: _l, adminContact: _a, nextManagementCertificate: _n, ...rest } = good;
    const verdict = checkPolicy(rest);
    expect(verdict).toMatchObject({ ok: true, policy: { logServer: null, adminContact: null, nextManagementCertificate: null } });
  });

  it.each([
    ['an unknown version', { ...good, version: 2 }, 'version'],
    ['an unknown purpose', { ...good, certificates: [{ purpose: 'vpn', pem }] }, 'certificates.0.purpose'],
    ['ksc set by policy', { ...good, certificates: [{ purpose: 'ksc', pem }] }, 'certificates.0.purpose'],
    ['a PEM that does not parse', { ...good, certificates: [{ purpose: 'rdp', pem: pem.replace(/\n[A-Za-z0-9+/]{64}\n/, '\n') }] }, 'certificates.0.pem'],
    ['two certificates in one entry', { ...good, certificates: [{ purpose: 'rdp', pem: pem + pem }] }, 'certificates.0.pem'],
    ['managed of the wrong type', { ...good, managed: 'yes' }, 'managed'],
    ['a fractional revision', { ...good, revision: 1.5 }, 'revision'],
    ['a contact without email', { ...good, adminContact: { name: 'x', phone: 'y' } }, 'adminContact.email'],
    ['a bad next certificate', { ...good, nextManagementCertificate: 'not a pem' }, 'nextManagementCertificate'],
    ['a log server without a port', { ...good, logServer: 'logs.example.org' }, 'logServer'],
    ['a log server port out of range', { ...good, logServer: 'logs.example.org:70000' }, 'logServer'],
    ['certificates not a list', { ...good, certificates: {} }, 'certificates'],
  ])('refuses the whole policy for %s, naming the field', (_what, policy, field) => {
    const verdict = checkPolicy(policy);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toContain(field);
  });

  it('refuses a body that is not JSON', () => {
    expect(parsePolicy('{').ok).toBe(false);
  });
});
