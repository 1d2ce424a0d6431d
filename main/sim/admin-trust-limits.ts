/**
 * ksc-admin `policy` options for issue 16 §3 (docs/policy.md):
 * `--add-only-for PURPOSE FILE LIST` (anchors limited to names),
 * `--distrust SHA256|FILE` and `--undistrust SHA256` (the distrust list),
 * `--trust-level PURPOSE both|pins-only|anchors-only|none`.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { digestOf, pemOfDer, showFingerprint } from '../core/management/protocol-certificate';
import { parseOnlyFor } from '../core/trust/constrained-anchor';
import { fullFingerprint } from '../core/trust/distrust-list';
import { isTrustLevel } from '../core/trust/trust-level';
import { isThinCertError } from '../core/errors';
import { UsageError, type ParsedArgs } from './sim-args';
import type { SimPolicy } from './sim-files';

export const TRUST_LIMIT_OPTIONS: Readonly<Record<string, number>> = { 'add-only-for': 3, distrust: 1, undistrust: 1, 'trust-level': 2 };

const PURPOSES = ['rdp', 'broker', 'logServer'];

/** The edit these options make to a policy, parsed (and refused) before the policy is touched. */
export function trustLimitEdits(args: ParsedArgs): (policy: SimPolicy) => SimPolicy {
  const limited = (args.options.get('add-only-for') ?? []).map(([purpose = '', file = '', list = '']) => {
    if (!PURPOSES.includes(purpose)) throw new UsageError(`a policy purpose is one of ${PURPOSES.join(', ')}`);
    const onlyFor = onlyForOf(list);
    return pemsIn(file).map((pem) => ({ purpose, pem, onlyFor }));
  }).flat();
  const distrust = (args.options.get('distrust') ?? []).flatMap(([given = '']) => fingerprintsOf(given));
  const undistrust = (args.options.get('undistrust') ?? []).map(([given = '']) => {
    const fp = fullFingerprint(given);
    if (fp === null) throw new UsageError('--undistrust takes a whole SHA-256 (64 hex digits)');
    return fp;
  });
  const levels = (args.options.get('trust-level') ?? []).map(([purpose = '', level = '']) => {
    if (!PURPOSES.includes(purpose)) throw new UsageError(`a policy purpose is one of ${PURPOSES.join(', ')}`);
    if (level !== 'none' && !isTrustLevel(level)) throw new UsageError('--trust-level takes both, pins-only, anchors-only or none');
    return { purpose, level };
  });

  return (policy) => {
    let certificates = policy.certificates;
    for (const entry of limited) {
      const der = new X509Certificate(entry.pem).raw;
      certificates = [...certificates.filter((c) => !(c.purpose === entry.purpose && new X509Certificate(c.pem).raw.equals(der))), entry];
    }
    let list = policy.distrust ?? [];
    for (const fp of distrust) if (!list.includes(fp)) list = [...list, fp];
    list = list.filter((fp) => !undistrust.includes(fp));
    const trustLevels: Record<string, string> = { ...(policy.trustLevels ?? {}) };
    for (const { purpose, level } of levels) {
      if (level === 'none') delete trustLevels[purpose];
      else trustLevels[purpose] = level;
    }
    return { ...policy, certificates, distrust: list, trustLevels };
  };
}

function onlyForOf(list: string): string[] {
  try {
    return parseOnlyFor(list);
  } catch (error) {
    if (isThinCertError(error)) throw new UsageError(error.message);
    throw error;
  }
}

function pemsIn(file: string): string[] {
  const blocks = readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new UsageError(`${file} holds no PEM certificate`);
  return blocks.map((block) => pemOfDer(new X509Certificate(block).raw));
}

function fingerprintsOf(given: string): string[] {
  const fp = fullFingerprint(given);
  if (fp !== null) return [fp];
  return pemsIn(given).map((pem) => showFingerprint(digestOf(new X509Certificate(pem).raw)));
}
