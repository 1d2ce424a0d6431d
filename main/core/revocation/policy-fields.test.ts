/** Issue 16 §2: the policy's `revocation` and `crls` fields are validated like every other field (PROTOCOL.md §3). */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkPolicy } from '../management/policy';
import { createRevocationPki } from '../../../test/peers/revocation-pki';
import { policyRevocation } from './in-force';

const base = { version: 1, revision: 3, managed: true, certificates: [] };

describe('policy revocation fields', () => {
  it('accepts modes for policy purposes and PEM CRLs; refuses an unknown mode, ksc, and a CRL that does not parse', async () => {
    const rev = await createRevocationPki();
    try {
      const pem = `-----BEGIN X509 CRL-----\n${readFileSync(rev.crlCurrent).toString('base64')}\n-----END X509 CRL-----\n`;
      const ok = checkPolicy({ ...base, revocation: { rdp: 'hard', broker: 'soft' }, crls: [pem] });
      expect(ok.ok).toBe(true);
      if (ok.ok) {
        expect(policyRevocation(ok.policy, 'rdp')).toBe('hard');
        expect(policyRevocation(ok.policy, 'logServer')).toBeNull();
        // Unmanaged, the device decides.
        expect(policyRevocation({ ...ok.policy, managed: false }, 'rdp')).toBeNull();
      }
      expect(checkPolicy({ ...base, revocation: { rdp: 'strict' } })).toEqual({ ok: false, reason: 'policy field revocation.rdp is not a revocation mode (off, soft, hard)' });
      expect(checkPolicy({ ...base, revocation: { ksc: 'hard' } }).ok).toBe(false);
      expect(checkPolicy({ ...base, crls: [rev.ca.pem] })).toEqual({ ok: false, reason: 'policy field crls.0 is not one parsable PEM CRL' });
      expect(checkPolicy({ ...base, crls: ['-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n'] }).ok).toBe(false);
    } finally {
      rev.cleanup();
    }
  });
});
