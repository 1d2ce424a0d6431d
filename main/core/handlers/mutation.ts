/**
 * What every change of trust needs, written once (issue 14): under one hold of
 * the audit trail's lock, look before, change, look after and record what
 * changed (issue 10: recorded before the change is reported done, also when
 * the change ends in a refusal that still changed something — a wrong
 * replacement code counts an attempt); then say so with one event per kind of
 * change, and only when something changed.
 */
import type { AuditLog } from '../audit/audit-log';
import { certificateRecords, managementChanged, snapshotCertificates, trustRecords, type PendingRecord, type TrustSnapshot } from '../audit/diff';
import type { ManagementClient } from '../management/client';
import type { Actor } from '../service';
import type { Settings } from '../settings/settings';
import { refreshTrustFiles } from '../store/trust-files';
import type { CertStore } from '../store/types';
import type { DataDirWatcher } from '../watch';

/** main → renderer: "re-read". */
export interface ServiceEvents {
  storeChanged(): void;
  managementChanged(): void;
}

interface AuditScope<S> {
  snapshot(): Promise<S>;
  records(before: S, after: S): PendingRecord[];
  managementChanged(before: S, after: S): boolean;
  /** Runs after recording, still under the lock. */
  settle?(before: S, after: S): Promise<void>;
}

export interface MutationDeps {
  audit: Pick<AuditLog, 'locked'>;
  store: CertStore;
  management: ManagementClient;
  events: ServiceEvents;
  /** Re-reads settings and managed mode after a setting changed. */
  refresh(): Promise<void>;
  readSettings(): Promise<Settings>;
}

export interface Mutations {
  /** A manual add or remove touches only the store, so only the store is compared. */
  certificates<T>(actor: Actor, change: () => Promise<T>): Promise<T>;
  /** Sync, enroll, replace: the store and the management state, compared together. */
  trust<T>(actor: Actor, change: () => Promise<T>): Promise<T>;
  /** A device setting written; recorded as `setting-changed` when `audited` (it decides what is trusted). */
  setting(actor: Actor, change: SettingChange): Promise<Settings>;
}

/** What a setting's value is in an audit record. */
type SettingValue = string | number | string[] | null;

export interface SettingChange {
  /** The audit key (`logServer`, `trustLevel.rdp` …). */
  key: string;
  current(settings: Settings): SettingValue;
  write(): Promise<Settings>;
  audited: boolean;
}

export function createMutations(deps: MutationDeps): Mutations {
  const certificatesScope: AuditScope<TrustSnapshot['certificates']> = {
    snapshot: async () => snapshotCertificates(await deps.store.read()),
    records: certificateRecords,
    managementChanged: () => false,
  };

  const trustScope: AuditScope<TrustSnapshot> = {
    snapshot: async () => {
      const [state, status, managed, enrolledAt] = await Promise.all([deps.store.read(), deps.management.status(), deps.management.managedMode(), deps.management.enrolledAt()]);
      return { certificates: snapshotCertificates(state), management: status, managed: managed.managed, enrolledAt };
    },
    records: trustRecords,
    managementChanged,
    // The store was last written under the mode then in force: entering or leaving managed mode changes what the trust files hold.
    settle: async (before, after) => {
      if (before.managed !== after.managed) await refreshTrustFiles(deps.store, { verify: false });
    },
  };

  async function mutation<S, T>(scope: AuditScope<S>, actor: Actor, change: () => Promise<T>): Promise<T> {
    // One hold of the trail's lock from the first look to the last record: another
    // process's audited change (the CLI while the app runs) waits, so it is neither
    // in our "after" as if we made it nor recorded twice. The store's and the
    // management state's own locks are taken inside, as always.
    const { outcome, recorded, managed } = await deps.audit.locked(async (append) => {
      const before = await scope.snapshot();
      let result: { ok: true; value: T } | { ok: false; error: unknown };
      try {
        result = { ok: true, value: await change() };
      } catch (error) {
        result = { ok: false, error };
      }
      const after = await scope.snapshot();
      const records = scope.records(before, after);
      if (records.length > 0) await append(records, actor);
      await scope.settle?.(before, after);
      return { outcome: result, recorded: records.length > 0, managed: scope.managementChanged(before, after) };
    });
    if (recorded) deps.events.storeChanged();
    if (managed) deps.events.managementChanged();
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /**
   * Read, written and recorded under the trail's lock, where every other change
   * of it is made: a value cached before another process's change would be a
   * wrong `from`.
   */
  async function setting(actor: Actor, change: SettingChange): Promise<Settings> {
    const { written, changed } = await deps.audit.locked(async (append) => {
      const before = change.current(await deps.readSettings());
      const after = await change.write();
      const changed = JSON.stringify(before) !== JSON.stringify(change.current(after));
      if (changed && change.audited) await append([{ event: 'setting-changed', details: { key: change.key, from: before, to: change.current(after) } }], actor);
      return { written: after, changed };
    });
    await deps.refresh();
    if (changed) deps.events.storeChanged();
    return written;
  }

  return {
    certificates: (actor, change) => mutation(certificatesScope, actor, change),
    trust: (actor, change) => mutation(trustScope, actor, change),
    setting,
  };
}

/** The trail as handlers use it: every write through it is main's own, never reported back by the watcher. */
export function watchedTrail(audit: AuditLog, watcher: DataDirWatcher): AuditLog {
  return {
    dir: audit.dir,
    append: (...args) => watcher.own(() => audit.append(...args)),
    appendMany: (...args) => watcher.own(() => audit.appendMany(...args)),
    locked: (fn) => watcher.own(() => audit.locked(fn)),
    read: (since) => audit.read(since),
    verify: () => audit.verify(),
  };
}
