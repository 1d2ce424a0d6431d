/**
 * Builds the Service for one data folder: the capabilities' handler modules
 * (main/core/handlers/) wired over one store, one trail and one emitter. Every
 * host (Electron, web, CLI) calls this and nothing else to reach the core.
 */
import { clockFromEnv, systemClock, type Clock } from './clock';
import { resolveDataDir } from './data-dir';
import { Service, type AllHandlers } from './service';
import { refreshTrustFiles } from './store/trust-files';
import { createServerFetches } from './certificates/from-server';
import { readSettings } from './settings/settings';
import { refusingDistrusted } from './trust/distrust-guard';
import { createDistrust } from './trust/distrust-capability';
import { ManagementClient } from './management/client';
import { openAuditLog } from './audit/audit-log';
import { createProbeLimit } from './probes/limit';
import { identityHandlers } from './identity/handlers';
import { NOT_WATCHING, watchDataDir } from './watch';
import type { HandlerDeps } from './handlers/deps';
import { createMutations, watchedTrail, type ServiceEvents } from './handlers/mutation';
import { createServiceState, refreshingFirst } from './handlers/state';
import { openTrustedStore, trustInForce } from './handlers/trust-in-force';
import { statusHandlers } from './handlers/status';
import { certificateFileHandlers, certificateHandlers, certificatesOver } from './handlers/certificates';
import { checkHandlers, trustListHandlers } from './handlers/checks';
import { enrollmentMoveHandlers, managementHandlers } from './handlers/management';
import { auditHandlers, auditTrailHandlers, sendBacklogNow } from './handlers/audit';
import { settingsHandlers } from './handlers/settings';
import { trustFileHandlers } from './handlers/trust-files';
import { connectHandlers } from './handlers/connect';
import { startBackground, type Background } from './handlers/background';

export interface CreateServiceOptions {
  dataDir: string;
  clock?: Clock;
  /** Overrides the media folders of the settings (tests, e2e). */
  mediaDirs?: string[];
  /** Long-running hosts sync the policy, forward the trail and watch the data folder; the CLI does not. */
  background?: boolean;
  /** How often the background policy sync runs (PROTOCOL.md §3: "every few minutes"). */
  syncIntervalMs?: number;
  /**
   * When a background host's start is over (its first screen answered): the trust files are made whole
   * after it, because reading back 1,000 hashed files would hold up the kiosk's first paint (issue 14).
   */
  trustFilesAfter?: Promise<unknown>;
  /** FreeRDP's environment for kiosk sessions (DISPLAY, PATH, THINCERT_FREERDP…); default this process's. */
  env?: NodeJS.ProcessEnv;
}

export type ThinCertService = Service;

/** The CLI's Service: the data folder and the clock as `--data-dir` and the environment say (CLI.md). */
export function createCommandLineService(dataDirArg: string | undefined, env: NodeJS.ProcessEnv): Service {
  return createService({ dataDir: resolveDataDir(dataDirArg, env), clock: clockFromEnv(env), env });
}

export function createService(options: CreateServiceOptions): Service {
  const clock = options.clock ?? systemClock;
  return new Service({ dataDir: options.dataDir, clock }, (core) => {
    const dataDir = core.dataDir;
    const store = openTrustedStore(dataDir, clock);
    const management = new ManagementClient({ dataDir, store, clock });
    const state = createServiceState(dataDir, management, options.mediaDirs);

    let background: Background | null = null;
    const at = () => ({ at: clock.now().toISOString() });
    /** The one emitter: main's own changes (mutation.ts) and other processes' (the watcher), each said once. */
    const events: ServiceEvents = {
      storeChanged: () => {
        core.emit('storeChanged', at());
        background?.trailGrew();
      },
      managementChanged: () => core.emit('managementChanged', at()),
    };
    const watcher = options.background ? watchDataDir(dataDir, { store: () => events.storeChanged(), management: () => events.managementChanged() }) : NOT_WATCHING;
    const audit = watchedTrail(openAuditLog(dataDir, clock), watcher);
    const changes = createMutations({ audit, store, management, events, refresh: () => state.refresh(), readSettings: () => readSettings(dataDir) });
    const trust = trustInForce(dataDir, clock, store, state);
    const certificatesWith = certificatesOver(clock, state);
    const guardedStore = refusingDistrusted(store, async () => (await trust.rules()).distrusted);

    const deps: HandlerDeps = {
      dataDir,
      clock,
      store,
      management,
      audit,
      state,
      changes,
      events,
      probes: createProbeLimit(),
      certificates: certificatesWith(guardedStore),
      certificatesWith,
      guardedStore,
      fetches: createServerFetches(clock),
      trust,
      distrust: createDistrust({ dataDir, store, clock, audit, changed: () => refreshTrustFiles(store) }),
      delivery: { dataDir, audit, clock, trust: trust.deps, deviceId: async () => (await management.status()).deviceId },
    };
    const identity = identityHandlers({
      dataDir,
      clock,
      audit,
      changed: () => core.emit('identityChanged', at()),
      mediaDirs: async () => state.settings().mediaDirs,
    });
    const checks = checkHandlers(deps);
    const handlers: AllHandlers = refreshingFirst(state, {
      ...identity.handlers,
      ...statusHandlers({ ...deps, identityShow: identity.handlers.identityShow }),
      ...certificateHandlers(deps),
      ...certificateFileHandlers(deps),
      ...checks,
      ...trustListHandlers(deps),
      ...managementHandlers(deps),
      ...enrollmentMoveHandlers(deps),
      ...auditHandlers(deps),
      ...auditTrailHandlers(deps),
      ...settingsHandlers(deps),
      ...trustFileHandlers(deps),
      ...connectHandlers({ ...deps, check: checks.check, env: options.env ?? process.env, sessionEnded: (payload) => core.emit('rdpSessionEnded', payload) }),
    });

    if (!options.background) return { handlers };
    background = startBackground({
      store,
      management,
      changes,
      sendAudit: () => state.refresh().then(() => sendBacklogNow(deps)),
      ...(options.syncIntervalMs ? { syncIntervalMs: options.syncIntervalMs } : {}),
      ...(options.trustFilesAfter ? { trustFilesAfter: options.trustFilesAfter } : {}),
    });
    const running = background;
    const renewal = identity.startBackground();
    return {
      handlers,
      close: () => {
        watcher.stop();
        running.stop();
        renewal.stop();
      },
    };
  });
}
