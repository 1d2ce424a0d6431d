/**
 * The trust rules in force (trust-rules.ts), read from disk at
 * each judgement: the device's distrust list joined with the policy's, the
 * policy's name limits on its anchors, and the trust level — the policy's in
 * managed mode, else the device setting. Read fresh because the CLI, the app
 * and the policy sync change them from different processes.
 */
import { PURPOSES, type Purpose } from '../../../app/purposes';
import { join } from 'node:path';
import { managementDir, readRecord, STATE_FILE } from '../management/state';
import { cacheByFileIdentity } from '../store/file-identity-cache';
import type { Policy } from '../management/policy';
import { derOfSinglePem } from '../management/protocol-certificate';
import { sha256Fingerprint } from '../x509/fingerprint';
import { readSettings, settingsFile } from '../settings/settings';
import { distrustFile, fullFingerprint, readLocalDistrust, type DistrustListed } from './distrust-list';
import type { TrustRules } from './trust-rules';
import type { TrustLevel, TrustLevels } from './trust-level';

/** Read at every judgement: kept while the three files it comes from keep their identity. */
const inForce = cacheByFileIdentity<TrustRules>();

export function rulesInForce(dataDir: string): Promise<TrustRules> {
  return inForce(dataDir, [distrustFile(dataDir), join(managementDir(dataDir), STATE_FILE), settingsFile(dataDir)], () => readRules(dataDir));
}

async function readRules(dataDir: string): Promise<TrustRules> {
  const [local, record, settings] = await Promise.all([readLocalDistrust(dataDir), readRecord(dataDir), readSettings(dataDir)]);
  const distrusted = new Set([...local.map((e) => e.fingerprint), ...policyDistrust(record.policy)]);
  const levels = { ...settings.trustLevel };
  for (const purpose of PURPOSES) levels[purpose] = policyLevel(record.policy, purpose) ?? levels[purpose];
  return { distrusted, levels, onlyFor: policyOnlyFor(record.policy) };
}

/** The level the policy sets for the purpose in managed mode (then locked on the device); null when it sets none. */
export function policyLevel(policy: Policy | null, purpose: Purpose): TrustLevel | null {
  if (policy === null || !policy.managed || purpose === 'ksc') return null;
  return policy.trustLevels?.[purpose] ?? null;
}

/** The whole list as `distrust list` shows it: the device's entries, then the policy's not already listed. */
export async function distrustListed(dataDir: string): Promise<DistrustListed[]> {
  const [local, record] = await Promise.all([readLocalDistrust(dataDir), readRecord(dataDir)]);
  const listed: DistrustListed[] = local.map((entry) => ({ ...entry, source: 'local' }));
  for (const fingerprint of policyDistrust(record.policy)) {
    if (!listed.some((e) => e.fingerprint === fingerprint)) listed.push({ fingerprint, subject: null, addedAt: null, source: 'policy' });
  }
  return listed;
}

/** The policy's list applies whenever a policy is in force: it can only take trust away. */
export function policyDistrust(policy: Policy | null): string[] {
  return (policy?.distrust ?? []).map((text) => fullFingerprint(text)).filter((fp): fp is string => fp !== null);
}

function policyOnlyFor(policy: Policy | null): Map<string, readonly string[]> {
  const limits = new Map<string, readonly string[]>();
  for (const certificate of policy?.certificates ?? []) {
    const der = certificate.onlyFor === undefined ? null : derOfSinglePem(certificate.pem);
    if (der !== null && certificate.onlyFor !== undefined) limits.set(sha256Fingerprint(der), certificate.onlyFor);
  }
  return limits;
}

/** The levels in force per purpose and the purposes whose level the policy sets (shown read-only), for the kiosk. */
export async function trustLevelView(dataDir: string): Promise<{ trustLevels: TrustLevels; trustLevelsByPolicy: Purpose[] }> {
  const [record, settings] = await Promise.all([readRecord(dataDir), readSettings(dataDir)]);
  const trustLevels = { ...settings.trustLevel };
  const trustLevelsByPolicy: Purpose[] = [];
  for (const purpose of PURPOSES) {
    const level = policyLevel(record.policy, purpose);
    if (level === null) continue;
    trustLevels[purpose] = level;
    trustLevelsByPolicy.push(purpose);
  }
  return { trustLevels, trustLevelsByPolicy };
}
