/**
 * The revocation settings in force, read at each judgement (the CLI, the app
 * and the policy sync change them from different processes): per purpose the
 * policy's mode in managed mode (then locked on the device), else the device
 * setting; and the CRLs the policy in force delivers.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Purpose } from '../../../app/purposes';
import { PURPOSES } from '../../../app/purposes';
import { managementDir, readRecord, STATE_FILE } from '../management/state';
import type { Policy } from '../management/policy';
import { readSettings, settingsFile } from '../settings/settings';
import { crlDer } from './crl-shape';
import type { RevocationMode } from './modes';
import type { RevocationDeps } from './revocation-step';

/**
 * Read at every check, so kept per data folder while the two files it comes
 * from keep their identity: two stats instead of reading and validating the
 * management record (issue 16: a check with revocation costs ≤ 1.2×, and one
 * without must not pay for it).
 */
const inForce = new Map<string, { identity: string; deps: RevocationDeps }>();

export async function revocationInForce(dataDir: string): Promise<RevocationDeps> {
  const identity = (await Promise.all([settingsFile(dataDir), join(managementDir(dataDir), STATE_FILE)].map(fileIdentity))).join('|');
  const hit = inForce.get(dataDir);
  if (hit?.identity === identity) return hit.deps;
  const deps = await readInForce(dataDir);
  if (inForce.size >= 16) inForce.delete(inForce.keys().next().value as string);
  inForce.set(dataDir, { identity, deps });
  return deps;
}

async function fileIdentity(path: string): Promise<string> {
  try {
    const found = await stat(path, { bigint: true });
    return `${found.dev}:${found.ino}:${found.size}:${found.mtimeNs}:${found.ctimeNs}`;
  } catch {
    return 'none';
  }
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
