/** What `crl list` shows: each CRL on this device and each the policy delivers, with its dates and size. */
import type { ParsedCrl } from './crl';
import { parseCrl } from './crl';
import { storedCrls } from './crl-store';
import { freshAt } from './freshness';

export interface CrlListed {
  id: string;
  issuer: string;
  thisUpdate: string;
  nextUpdate: string | null;
  revoked: number;
  source: 'device' | 'policy';
  /** `current` until nextUpdate, then `expired` (no longer used). */
  state: 'current' | 'expired' | 'not-yet-valid';
}

export async function listCrls(dataDir: string, policyCrls: readonly Buffer[], now: Date): Promise<CrlListed[]> {
  const listed = (await storedCrls(dataDir)).map((crl) => entry(crl, 'device', now));
  for (const der of policyCrls) {
    try {
      listed.push(entry(parseCrl(der), 'policy', now));
    } catch {
      // The policy was validated when applied; a CRL this version cannot read is left out of the list.
    }
  }
  return listed.sort((a, b) => a.issuer.localeCompare(b.issuer) || b.thisUpdate.localeCompare(a.thisUpdate));
}

function entry(crl: ParsedCrl, source: CrlListed['source'], now: Date): CrlListed {
  const state = freshAt(crl.thisUpdate, crl.nextUpdate, now);
  return {
    id: crl.id,
    issuer: crl.issuer,
    thisUpdate: crl.thisUpdate.toISOString(),
    nextUpdate: crl.nextUpdate?.toISOString() ?? null,
    revoked: crl.revoked.size,
    source,
    state: state === 'fresh' ? 'current' : state,
  };
}

