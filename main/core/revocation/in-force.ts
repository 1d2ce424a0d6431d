/**
 * The revocation settings in force, read at each judgement (the CLI, the app
 * and the policy sync change them from different processes): per purpose the
 * policy's mode in managed mode (then locked on the device), else the device
 * setting; and the CRLs the policy in force delivers.
 */
import { join } from 'node:path';
import type { Purpose } from '../../../app/purposes';
import { PURPOSES } from '../../../app/purposes';
import { managementDir, readRecord, STATE_FILE } from '../management/state';
import type { Policy } from '../management/policy';
import { readSettings, settingsFile } from '../settings/settings';
import { cacheByFileIdentity } from '../store/file-identity-cache';
import { crlDer } from './crl-shape';
import type { RevocationMode } from './modes';
import type { RevocationDeps } from './revocation-step';

/**
 * Read at every check: kept per data folder while the two files it comes from
 * keep their identity (issue 16: a check with revocation costs ≤ 1.2×, and one
 * without must not pay for it).
 */
const inForce = cacheByFileIdentity<RevocationDeps>();

export function revocationInForce(dataDir: string): Promise<RevocationDeps> {
  return inForce(dataDir, [settingsFile(dataDir), join(managementDir(dataDir), STATE_FILE)], () => readInForce(dataDir));
}

async function readInForce(dataDir: string): Promise<RevocationDeps> {
  const [record, settings] = await Promise.all([readRecord(dataDir), readSettings(dataDir)]);
  const modes = { ...settings.revocation };
  for (const purpose of PURPOSES) modes[purpose] = policyRevocation(record.policy, purpose) ?? modes[purpose];
  return { modes, dataDir, policyCrls: policyCrls(record.policy) };
}

/** The mode the policy sets for the purpose in managed mode; null when it sets none (the device decides). */
export function policyRevocation(policy: Policy | null, purpose: Purpose): RevocationMode | null {
  if (policy === null || !policy.managed || purpose === 'ksc') return null;
  return policy.revocation?.[purpose] ?? null;
}

export function policyCrls(policy: Policy | null): Buffer[] {
  return (policy?.crls ?? []).map((pem) => crlDer(Buffer.from(pem, 'latin1')));
}
