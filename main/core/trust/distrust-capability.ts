/**
 * `distrust add FILE|SHA256`, `distrust list`, `distrust remove FP` (issue 16
 * §3). Each change is recorded in the audit trail under the trail's lock,
 * before it is reported done, like every other change of trust.
 */
import type { AuditLog } from '../audit/audit-log';
import type { AuditActor } from '../audit/record';
import type { Clock } from '../clock';
import { certificateDers } from '../x509/parse';
import { detailsOf } from '../x509/details';
import { ThinCertError } from '../errors';
import { readRecord } from '../management/state';
import type { CertStore } from '../store/types';
import { addLocalDistrust, fullFingerprint, readLocalDistrust, removeLocalDistrust, type DistrustEntry, type DistrustListed } from './distrust-list';
import { distrustListed, policyDistrust } from './rules-in-force';

export interface DistrustDeps {
  dataDir: string;
  store: CertStore;
  clock: Clock;
  audit: AuditLog;
  /** Rewrites the files other programs trust (bundles, hashed folders) after the list changed. */
  changed?: () => Promise<void>;
}

export interface DistrustAdded {
  added: DistrustEntry[];
  alreadyListed: string[];
}

export function createDistrust(deps: DistrustDeps) {
  const stamp = () => deps.clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z');

  /** A full SHA-256 (the certificate need not be at hand), or every certificate in a file's bytes. */
  async function entriesOf(input: { fingerprint: string } | { bytes: Buffer }): Promise<DistrustEntry[]> {
    const addedAt = stamp();
    // Not parseCertificates: a weak certificate is exactly one an administrator may want to distrust.
    if ('bytes' in input) {
      return certificateDers(input.bytes).map((der) => {
        const details = detailsOf(der);
        return { fingerprint: details.fingerprint, subject: details.subject, addedAt };
      });
    }
    const fingerprint = fullFingerprint(input.fingerprint);
    if (fingerprint === null) {
      throw new ThinCertError('fingerprint-invalid', 'Give the whole SHA-256 fingerprint (64 hex digits, colons optional) or a certificate file.', {
        query: input.fingerprint,
      });
    }
    const stored = (await deps.store.read()).certificates[fingerprint];
    return [{ fingerprint, subject: stored?.details.subject ?? null, addedAt }];
  }

  return {
    list: (): Promise<DistrustListed[]> => distrustListed(deps.dataDir),

    async add(input: { fingerprint: string } | { bytes: Buffer }, actor: AuditActor): Promise<DistrustAdded> {
      const entries = await entriesOf(input);
      return deps.audit.locked(async (append) => {
        const added = await addLocalDistrust(deps.dataDir, entries);
        if (added.length > 0) {
          await append(added.map((e) => ({ event: 'certificate-distrusted', details: { fingerprint: e.fingerprint, subject: e.subject } })), actor);
          await deps.changed?.();
        }
        const alreadyListed = entries.filter((e) => !added.includes(e)).map((e) => e.fingerprint);
        return { added, alreadyListed: [...new Set(alreadyListed)] };
      });
    },

    /** Removes a device entry; an entry the policy delivers stays until the policy drops it. */
    async remove(query: string, actor: AuditActor): Promise<DistrustEntry> {
      const [local, record] = await Promise.all([readLocalDistrust(deps.dataDir), readRecord(deps.dataDir)]);
      const fromPolicy = policyDistrust(record.policy);
      const fingerprint = matchOne(query, [...local.map((e) => e.fingerprint), ...fromPolicy]);
      if (fromPolicy.includes(fingerprint)) {
        throw new ThinCertError('distrust-policy', `${fingerprint} is on the distrust list of the management policy; only the administrator can remove it.`, {
          fingerprint,
        });
      }
      return deps.audit.locked(async (append) => {
        const removed = await removeLocalDistrust(deps.dataDir, fingerprint);
        await append([{ event: 'distrust-removed', details: { fingerprint: removed.fingerprint, subject: removed.subject } }], actor);
        await deps.changed?.();
        return removed;
      });
    },
  };
}

/** At least 8 hex digits of a listed fingerprint, colons optional; refuses an unknown or ambiguous prefix. */
function matchOne(query: string, listed: readonly string[]): string {
  const hex = query.replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{8,64}$/.test(hex)) {
    throw new ThinCertError('fingerprint-invalid', 'Give at least 8 hex digits of the SHA-256 fingerprint (colons optional).', { query });
  }
  const matches = [...new Set(listed.filter((fp) => fp.replace(/:/g, '').startsWith(hex)))];
  if (matches.length === 0) throw new ThinCertError('not-found', `Nothing on the distrust list has a fingerprint starting ${query}.`, { query });
  if (matches.length > 1) {
    throw new ThinCertError('fingerprint-ambiguous', `${matches.length} listed certificates start with ${query}; give more digits.`, { query, count: matches.length });
  }
  return matches[0] as string;
}

export type Distrust = ReturnType<typeof createDistrust>;
