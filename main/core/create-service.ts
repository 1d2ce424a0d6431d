/**
 * Builds the Service from its capabilities for one data folder. Every host
 * (Electron, web, CLI) calls this and nothing else to reach the core.
 */
import type { Purpose } from '../../app/purposes';
import type { CertificateDetails } from '../../app/schemas';
import type { RequestOf } from '../../app/channels';
import { systemClock, type Clock } from './clock';
import { Service, type Handlers, type Actor } from './service';
import { openCertStore } from './store/cert-store';
import type { StoredCertificate } from './store/types';
import { counts, createCertificates, refuseManaged } from './certificates/capability';
import { createServerFetches } from './certificates/from-server';
import { viewOfDetails } from './certificates/view';
import { detailsOf } from './certs/details';
import { DEFAULT_SETTINGS, parseSettingValue, readSettings, writeSetting, writeTrustLevel, writeRevocation, type SettingKey, type Settings } from './settings/settings';
import { parseRevocationSetting } from './revocation/modes';
import { policyRevocation, revocationInForce } from './revocation/in-force';
import { parseTrustLevelSetting } from './trust/trust-level';
import { policyLevel, rulesInForce, trustLevelView } from './trust/rules-in-force';
import { withPolicyLimits } from './trust/trust-rules';
import { refusingDistrusted } from './trust/distrust-guard';
import { createDistrust } from './trust/distrust-capability';
import { limitingAnchors } from './trust/constrained-anchor-store';
import { parseCertificates } from './certs/parse';
import { readRecord } from './management/state';
import { ManagementClient, readManagedMode, type ManagedMode } from './management/client';
import { managedByOf } from './management/status';
import { openAuditLog } from './audit/audit-log';
import { certificateRecords, managementRecords, snapshotCertificates, type PendingRecord, type TrustSnapshot } from './audit/diff';
import { watchDataDir } from './watch';
import { deliveryStatus, type DeliveryDeps } from './audit/delivery-state';
import { ThinCertError } from './errors';
import { refreshTrustFiles } from './store/trust-files';
import { createProbeLimit } from './probes/limit';
import { createRemoteDesktops } from './remote-desktops/capability';
import { policyDesktops } from './remote-desktops/policy-desktops';
import { serverKey } from './remote-desktops/server-pins';
import { identityHandlers } from './identity/handlers';
import { statusIdentity } from './status-identity';

export interface CreateServiceOptions {
  dataDir: string;
  clock?: Clock;
  /** Overrides the media folders of the settings (tests, e2e). */
  mediaDirs?: string[];
  /** Long-running hosts sync the policy and watch the data folder; the CLI does not. */
  background?: boolean;
  /** How often the background policy sync runs (PROTOCOL.md §3: "every few minutes"). */
  syncIntervalMs?: number;
  /** FreeRDP's environment for kiosk sessions (DISPLAY, PATH, THINCERT_FREERDP…); default this process's. */
  env?: NodeJS.ProcessEnv;
}

export type ThinCertService = ReturnType<typeof createService>;

const DEFAULT_SYNC_INTERVAL_MS = 5 * 60_000;

export function createService(options: CreateServiceOptions) {
  const clock = options.clock ?? systemClock;
  return new Service({ dataDir: options.dataDir, clock }, (core) => {
    /** The trust files other programs read hold exactly what `check` counts (rule 4), by the mode on disk at each write. */
    const store = openCertStore(core.dataDir, {
      clock,
      trustMembers: async () => {
        const managedNow = managedByOf(await readManagedMode(core.dataDir));
        // Issue 16 §3: a distrusted certificate is in no file other programs trust either.
        const { distrusted } = await rulesInForce(core.dataDir);
        return (cert, purpose) => counts(cert, purpose, managedNow) && !distrusted.has(cert.fingerprint);
      },
    });
    const management = new ManagementClient({ dataDir: core.dataDir, store, clock });
    const audit = openAuditLog(core.dataDir, clock);
    const fetches = createServerFetches(clock);
    /** check, fetchChain and managementPreview each hold a connection until it answers or times out: bounded together. */
    const probes = createProbeLimit();

    let settings: Settings = { ...DEFAULT_SETTINGS, mediaDirs: options.mediaDirs ?? DEFAULT_SETTINGS.mediaDirs };
    let mode: ManagedMode = { managed: false, adminContact: null, logServer: null, policyRevision: null };
    /** Settings and managed mode are re-read at every call: the CLI or the policy may have changed them. */
    const refresh = async () => {
      const [read, managed] = await Promise.all([readSettings(core.dataDir), management.managedMode()]);
      settings = { ...read, mediaDirs: options.mediaDirs ?? read.mediaDirs };
      mode = managed;
    };
    const managedBy = (purpose: Purpose): string | null => management.managedBy(purpose);

    const storeChanged = () => core.emit('storeChanged', { at: clock.now().toISOString() });
    const managementChanged = () => core.emit('managementChanged', { at: clock.now().toISOString() });

    /** What the trust rules may use: in managed mode, only policy certificates of managed purposes (rule 4). */
    const storedForTrust = async (): Promise<StoredCertificate[]> => {
      const state = await store.read();
      return Object.values(state.certificates).map((cert) => ({
        ...cert,
        purposes: cert.purposes.filter((purpose) => counts(cert, purpose, managedBy)),
      }));
    };

    /** What `check` and `verify` judge with: one place, so both always apply the same trust rules (issue 16). */
    const trustDeps = async () => ({ stored: await storedForTrust(), clock, rules: await trustRules(), revocation: await revocationInForce(core.dataDir) });
    /** Issue 16 §3: the distrust list, name limits and trust levels in force, read fresh (CLI, app and policy change them). */
    const trustRules = () => rulesInForce(core.dataDir);
    /** Every manual addition goes through this store: a distrusted certificate is refused under the store's lock. */
    const guardedStore = refusingDistrusted(store, async () => (await trustRules()).distrusted);
    const distrust = createDistrust({ dataDir: core.dataDir, store, clock, audit, changed: () => refreshTrustFiles(store) });
    const certificatesWith = (target: typeof store) =>
      createCertificates({
        store: target,
        clock,
        get mediaDirs() {
          return settings.mediaDirs;
        },
        managedBy,
        expiringDays: () => settings.expiringDays,
        onChange: storeChanged,
      });

    const certificates = certificatesWith(guardedStore);

    /** `certificates`: a manual add or remove touches only the store, so only the store is compared. */
    type Scope = 'certificates' | 'all';
    async function snapshot(scope: Scope): Promise<TrustSnapshot | TrustSnapshot['certificates']> {
      if (scope === 'certificates') return snapshotCertificates(await store.read());
      const [state, status, managed, enrolledAt] = await Promise.all([store.read(), management.status(), management.managedMode(), management.enrolledAt()]);
      return { certificates: snapshotCertificates(state), management: status, managed: managed.managed, enrolledAt };
    }

    /**
     * Runs a change of trust and appends what it changed to the audit trail
     * before answering (issue 10: recorded before the change is reported done),
     * also when the change ends in a refusal that still changed something
     * (a wrong replacement code counts an attempt).
     */
    async function audited<T>(actor: Actor, change: () => Promise<T>, scope: Scope = 'all'): Promise<T> {
      // One hold of the trail's lock from the first look to the last record: another
      // process's audited change (the CLI while the app runs) waits, so it is neither
      // in our "after" as if we made it nor recorded twice. The store's and the
      // management state's own locks are taken inside, as always.
      const { outcome, recorded } = await audit.locked(async (append) => {
        const before = await snapshot(scope);
        let result: { ok: true; value: T } | { ok: false; error: unknown };
        try {
          result = { ok: true, value: await change() };
        } catch (error) {
          result = { ok: false, error };
        }
        const after = await snapshot(scope);
        const records: PendingRecord[] =
          before instanceof Map && after instanceof Map
            ? certificateRecords(before, after)
            : !(before instanceof Map) && !(after instanceof Map)
              ? [...certificateRecords(before.certificates, after.certificates), ...managementRecords(before, after)]
              : [];
        if (records.length > 0) await append(records, actor);
        // The store was last written under the mode then in force: entering or leaving managed mode changes what the trust files hold.
        if (!(before instanceof Map) && !(after instanceof Map) && before.managed !== after.managed) await refreshTrustFiles(store, { verify: false });
        return { outcome: result, recorded: records.length > 0 };
      });
      if (recorded) storeChanged();
      if (scope === 'all') managementChanged();
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    }

    /** The policy's log server wins in managed mode (PROTOCOL.md §3); else the device setting. */
    const logServer = (): string | null => (mode.managed && mode.logServer ? mode.logServer : settings.logServer);
    const delivery: DeliveryDeps = {
      dataDir: core.dataDir,
      audit,
      clock,
      trust: trustDeps,
      deviceId: async () => (await management.status()).deviceId,
    };
    const sendAuditNow = async () => {
      await refresh();
      const { sendBacklog } = await import('./audit/forwarder');
      return sendBacklog(delivery, logServer());
    };

    /** Issue 15: named remote desktops and Connect, through `check` and the audited store path like everything else. */
    const remoteDesktops = createRemoteDesktops({
      dataDir: core.dataDir,
      store,
      clock,
      env: options.env ?? process.env,
      refresh,
      managed: () => ({ managed: mode.managed, adminContact: mode.adminContact }),
      audited: (actor, change) => audited(actor, change, 'certificates'),
      service: { call: (_channel, request, call) => handlers.check(request, call), extensions: { audit } },
      sessionEnded: (payload) => core.emit('rdpSessionEnded', payload),
      policyDesktops: () => policyDesktops(core.dataDir),
    });

    const handlers: Handlers = {
      ...remoteDesktops,
      ...identityHandlers(),
      status: async (_request, call) => {
        await refresh();
        const [{ counts: perPurpose, expiring }, managementStatus, logDelivery] = await Promise.all([
          certificates.countsAndExpiring(),
          management.status(),
          deliveryStatus(delivery, logServer()),
        ]);
        return {
          dataDir: core.dataDir,
          mode: mode.managed ? 'managed' : 'unmanaged',
          counts: perPurpose,
          expiring,
          management: managementStatus,
          logDelivery: { server: logDelivery.server, state: logDelivery.state, waiting: logDelivery.waiting, lastAttempt: logDelivery.lastAttempt, lastError: logDelivery.lastError },
          identity: await statusIdentity(() => handlers.identityShow({}, call)),
        };
      },
      list: async (request) => {
        await refresh();
        const page = await certificates.list(request);
        return { ...page, certificates: withPolicyLimits(page.certificates, await trustRules()) };
      },
      show: async (request) => {
        await refresh();
        const shown = await certificates.show(request);
        const [limited = shown] = withPolicyLimits([shown], await trustRules());
        return limited;
      },
      preview: async (request) => {
        await refresh();
        return certificates.preview(request);
      },
      add: async (request, call) => {
        await refresh();
        return audited(call.actor, () => certificates.add(request), 'certificates');
      },
      remove: async (request, call) => {
        await refresh();
        return audited(call.actor, () => certificates.remove(request), 'certificates');
      },
      exportBundle: async (request) => {
        await refresh();
        return certificates.exportBundle(request);
      },
      mediaFiles: async () => {
        await refresh();
        return certificates.mediaFiles();
      },
      check: probes.limited(async (request) => {
        await refresh();
        // Loaded on first use: the TLS stack is a good part of the CLI's start-up (issue 8).
        const { checkServer } = await import('./trust/check');
        return checkServer(request, await trustDeps());
      }),
      /** Issue 16: the judge of `check` on a chain no server presented; changes nothing. */
      verifyChain: async (request) => {
        await refresh();
        const { verifyChainRequest } = await import('./trust/verify-request');
        return verifyChainRequest(request, { ...(await trustDeps()), previewed: (id) => certificates.previewed(id) });
      },
      fetchChain: probes.limited(async (request) => {
        await refresh();
        const fetched = await fetches.fetch(request);
        const warnings = await certificates.chainWarnings(fetched.purpose, fetched.presented.map((p) => p.details));
        return { host: fetched.host, port: fetched.port, chain: fetched.chain, fetchId: fetched.fetchId, warnings };
      }),
      confirmFetch: async (request, call) => {
        await refresh();
        refuseManaged(managedBy, fetches.peek(request.fetchId).purpose);
        return fetches.confirm(request.fetchId, request.fingerprint, (fetched, chosen) =>
          audited(call.actor, () => certificates.addParsed(fetched.purpose, [chosen], 'manual', request.label ?? null, serverKey(fetched.host, fetched.port)), 'certificates'),
        );
      },
      managementPreview: probes.limited(async (request) => {
        const presented = await management.previewServer(request);
        return viewOfDetails(detailsOf(presented.der), clock.now());
      }),
      enroll: async (request, call) =>
        audited(call.actor, () =>
          management.enroll({
            host: request.host,
            ...(request.port ? { port: request.port } : {}),
            ...(request.connectTo ? { connectTo: request.connectTo } : {}),
            acceptFingerprint: request.fingerprint,
            ...(request.deviceId ? { deviceId: request.deviceId } : {}),
          }),
        ),
      sync: async (_request, call) => audited(call.actor === 'ui' ? 'ui' : call.actor, () => management.sync()),
      replace: async (request, call) => audited(call.actor, () => management.replace(request.code)),
      managementStatus: async () => management.status(),
      auditList: async (request) => {
        const records = await audit.read(0);
        const newestFirst = records.reverse();
        return { records: newestFirst.slice(0, request.limit ?? 1000), total: records.length };
      },
      sendAudit: async () => sendAuditNow(),
      settings: async () => {
        await refresh();
        return settingsView();
      },
      setSetting: async (request, call) => {
        await setSetting(request.key, request.value, call.actor);
        return settingsView();
      },
    };

    /**
     * Issue 13: moving an enrolled device to another management server. Not a
     * channel, so neither the renderer nor the web host can reach it; the CLI
     * calls it when the administrator names the current server.
     */
    const moveEnrollment = async (request: RequestOf<'enroll'> & { moveFrom: { host: string; port: number } }, actor: Actor) =>
      audited(actor, () =>
        management.enroll({
          host: request.host,
          ...(request.port ? { port: request.port } : {}),
          ...(request.connectTo ? { connectTo: request.connectTo } : {}),
          acceptFingerprint: request.fingerprint,
          ...(request.deviceId ? { deviceId: request.deviceId } : {}),
          moveFrom: request.moveFrom,
        }),
      );

    /** Main-side doors that are not channels (the CLI reads files itself); audited like the channels. */
    const addBytes = async (purpose: Purpose, bytes: Buffer, label: string | null, actor: Actor, onlyFor: readonly string[] | null = null) => {
      await refresh();
      if (onlyFor === null) return audited(actor, () => certificates.addBytes(purpose, bytes, label), 'certificates');
      // Issue 16 §3: the name limit is written in the same store update as the certificates (all or nothing).
      const fingerprints = new Set(parseCertificates(bytes).map((parsed) => parsed.details.fingerprint));
      const limited = certificatesWith(limitingAnchors(guardedStore, purpose, fingerprints, onlyFor));
      const result = await audited(actor, () => limited.addBytes(purpose, bytes, label), 'certificates');
      await audit.append('anchor-limited', actor, { purpose, fingerprints: [...fingerprints], onlyFor: [...onlyFor] });
      return result;
    };
    const pinFetched = async (fetched: { purpose: Purpose; chosen: { der: Buffer; details: CertificateDetails } }, label: string | null, actor: Actor) => {
      await refresh();
      refuseManaged(managedBy, fetched.purpose);
      return audited(actor, () => certificates.addParsed(fetched.purpose, [fetched.chosen], 'manual', label), 'certificates');
    };

    /** Validated with the CLI's rules; where the log server goes is a change of trust, so it is audited. */
    const setSetting = async (key: SettingKey, raw: string, actor: Actor): Promise<Settings> => {
      await refuseManagedSetting(key, raw);
      if (key === 'trustLevel') return setTrustLevel(raw, actor);
      if (key === 'revocation') return setRevocation(raw, actor);
      if (key === 'logServer') return setLogServer(parseSettingValue('logServer', raw) as string | null, actor);
      const written =
        key === 'expiringDays'
          ? await writeSetting(core.dataDir, 'expiringDays', parseSettingValue('expiringDays', raw) as number)
          : key === 'mediaDirs'
            ? await writeSetting(core.dataDir, 'mediaDirs', parseSettingValue('mediaDirs', raw) as string[])
            : settings;
      await refresh();
      storeChanged();
      return written;
    };

    /**
     * A setting that decides what is trusted (the log server, a trust level, a
     * revocation mode) is read, written and recorded under the trail's lock,
     * where every other change of it is made: a value cached before another
     * process's change would be a wrong `from`.
     */
    const setAuditedSetting = async <V extends string | null>(
      key: string,
      current: (read: Settings) => V,
      write: () => Promise<Settings>,
      actor: Actor,
    ): Promise<Settings> => {
      const written = await audit.locked(async (append) => {
        const before = current(await readSettings(core.dataDir));
        const after = await write();
        if (before !== current(after)) await append([{ event: 'setting-changed', details: { key, from: before, to: current(after) } }], actor);
        return after;
      });
      await refresh();
      storeChanged();
      return written;
    };

    const setLogServer = (value: string | null, actor: Actor) =>
      setAuditedSetting('logServer', (read) => read.logServer, () => writeSetting(core.dataDir, 'logServer', value), actor);

    /** Issue 16 §3: a change of what may make a server trusted is a change of trust. */
    const setTrustLevel = (raw: string, actor: Actor) => {
      const { purpose, level } = parseTrustLevelSetting(raw);
      return setAuditedSetting(`trustLevel.${purpose}`, (read) => read.trustLevel[purpose], () => writeTrustLevel(core.dataDir, purpose, level), actor);
    };

    const settingsView = async () => ({
      logServer: logServer(),
      expiringDays: settings.expiringDays,
      mediaDirs: settings.mediaDirs,
      managedKeys: mode.managed && mode.logServer ? ['logServer'] : [],
      // Issue 16 §3: the purpose screens show the level in force and whether the policy set it.
      ...(await trustLevelView(core.dataDir)),
    });

    /** Issue 16 §2: turning revocation checking down is a change of trust, so it is audited like the trust level. */
    const setRevocation = (raw: string, actor: Actor) => {
      const { purpose, mode: wanted } = parseRevocationSetting(raw);
      return setAuditedSetting(`revocation.${purpose}`, (read) => read.revocation[purpose], () => writeRevocation(core.dataDir, purpose, wanted), actor);
    };

    /** `config set` of a key the policy sets is refused in managed mode (CLI.md). */
    const refuseManagedSetting = async (key: string, raw = ''): Promise<void> => {
      if (key === 'revocation') {
        const { purpose } = parseRevocationSetting(raw);
        const { policy } = await readRecord(core.dataDir);
        if (policyRevocation(policy, purpose) !== null) {
          throw new ThinCertError('managed', `Revocation checking for ${purpose} is set by the policy of ${policy?.adminContact?.name ?? 'the administrator'}.`, { key });
        }
      }
      await refresh();
      if (key === 'trustLevel') {
        const { purpose } = parseTrustLevelSetting(raw);
        if (policyLevel((await readRecord(core.dataDir)).policy, purpose) !== null) {
          throw new ThinCertError('managed', `The trust level of ${purpose} is set by the policy of ${mode.adminContact?.name ?? 'the administrator'}.`, { key });
        }
      }
      if (mode.managed && key === 'logServer' && mode.logServer !== null) {
        throw new ThinCertError('managed', `The log server is set by the policy of ${mode.adminContact?.name ?? 'the administrator'}.`, { key });
      }
    };

    let close: (() => void) | undefined;
    if (options.background) {
      // Issue 15: what other programs read (bundles, hashed folders) is made whole at start, not only at the next change.
      void refreshTrustFiles(store).catch((error: unknown) => console.error('thincert: could not write the trust files:', error));
      const syncNow = async () => {
        const status = await management.status();
        if (status.state === 'not-enrolled' || status.state === 'no-device-key') return;
        await audited('policy', () => management.sync()).catch((error: unknown) => {
          // The outcome (unreachable, replacement required, refused policy) is in status; a bug is not.
          if (!(error instanceof ThinCertError)) console.error('thincert: background sync failed:', error);
        });
      };
      void syncNow();
      const timer = setInterval(() => void syncNow(), options.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS);
      timer.unref();
      const forwarding = startForwarding(sendAuditNow, managementChanged);
      const stopWatching = watchDataDir(core.dataDir, {
        store: () => {
          storeChanged();
          forwarding.soon();
        },
        management: managementChanged,
      });
      close = () => {
        clearInterval(timer);
        stopWatching();
        forwarding.stop();
      };
    }

    return {
      handlers,
      ...(close ? { close } : {}),
      extensions: { trustDeps, trustRules, distrust, setSetting, addBytes, pinFetched, moveEnrollment, store, fetches, storedForTrust, refuseManagedSetting, managedBy, management, audit, audited, refresh, sendAuditNow },
    };
  });
}

const FORWARD_MIN_MS = 2_000;
const FORWARD_MAX_MS = 5 * 60_000;

/**
 * Sends the audit backlog in the background: soon after a change, then on a
 * timer; after a failure the wait doubles up to five minutes (issue 10:
 * "retried with backoff (capped)").
 */
function startForwarding(send: () => Promise<unknown>, onState: () => void) {
  let delay = FORWARD_MIN_MS;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let stopped = false;
  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void attempt(), ms);
    timer.unref();
  };
  const attempt = async () => {
    if (running || stopped) return;
    running = true;
    try {
      await send();
      delay = FORWARD_MIN_MS;
      schedule(60_000);
    } catch (error) {
      if (!(error instanceof ThinCertError)) console.error('thincert: audit forwarding failed:', error);
      delay = Math.min(delay * 2, FORWARD_MAX_MS);
      schedule(delay);
    } finally {
      running = false;
      onState();
    }
  };
  schedule(500);
  return {
    soon: () => schedule(delay),
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
