/** The remote desktops the policy in force delivers (docs/policy.md), read from the management state on disk. */
import { readRecord } from '../management/state';

export async function policyDesktops(dataDir: string): Promise<{ name: string; host: string; port: number }[]> {
  const record = await readRecord(dataDir);
  return record.policy?.remoteDesktops ?? [];
}
