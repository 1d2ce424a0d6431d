/**
 * ksc-admin's revocation options (issue 16 §2, docs/policy.md):
 * `--revocation PURPOSE off|soft|hard|none` (the mode a managed device must
 * use; none lets the device decide), `--crl FILE` (deliver a CRL, PEM or
 * DER; a newer CRL of the same issuer replaces the older) and `--crls none`.
 */
import { readFileSync } from 'node:fs';
import { crlInvalid, parseCrl } from '../core/revocation/crl';
import { isRevocationMode } from '../core/revocation/modes';
import { isThinCertError } from '../core/errors';
import { UsageError, type ParsedArgs } from './sim-args';
import type { SimPolicy } from './sim-files';

export const REVOCATION_OPTIONS: Readonly<Record<string, number>> = { revocation: 2, crl: 1, crls: 1 };

const PURPOSES = ['rdp', 'broker', 'logServer'];

export function revocationEdits(args: ParsedArgs): (policy: SimPolicy) => SimPolicy {
  const modes = (args.options.get('revocation') ?? []).map(([purpose = '', mode = '']) => {
    if (!PURPOSES.includes(purpose)) throw new UsageError(`a policy purpose is one of ${PURPOSES.join(', ')}`);
    if (mode !== 'none' && !isRevocationMode(mode)) throw new UsageError('--revocation takes off, soft, hard or none');
    return { purpose, mode };
  });
  const clear = (args.options.get('crls') ?? []).map(([value = '']) => {
    if (value !== 'none') throw new UsageError('--crls takes none (to deliver no CRL)');
    return true;
  });
  const added = (args.options.get('crl') ?? []).map(([file = '']) => crlPem(file));

  return (policy) => {
    const revocation: Record<string, string> = { ...(policy.revocation ?? {}) };
    for (const { purpose, mode } of modes) {
      if (mode === 'none') delete revocation[purpose];
      else revocation[purpose] = mode;
    }
    let crls = clear.length > 0 ? [] : (policy.crls ?? []);
    for (const crl of added) crls = [...crls.filter((pem) => issuerOf(pem) !== crl.issuer), crl.pem];
    return { ...policy, revocation, crls };
  };
}

function crlPem(file: string): { pem: string; issuer: string } {
  try {
    const crl = parseCrl(readFileSync(file));
    const body = crl.der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
    return { pem: `-----BEGIN X509 CRL-----\n${body}\n-----END X509 CRL-----\n`, issuer: crl.issuerKey };
  } catch (error) {
    if (isThinCertError(error)) throw new UsageError(`${file}: ${error.message}`);
    throw new UsageError(`${file}: ${crlInvalid(String(error)).message}`);
  }
}

function issuerOf(pem: string): string | null {
  try {
    return parseCrl(Buffer.from(pem, 'latin1')).issuerKey;
  } catch {
    return null;
  }
}
