/**
 * Builds the Service from its capabilities for one data folder. Every host
 * (Electron, web, CLI) calls this and nothing else to reach the core.
 */
import type { Purpose } from '../../app/purposes';
import { systemClock, type Clock } from './clock';
import { Service, type Handlers } from './service';
import { openCertStore } from './store/cert-store';
import { counts, createCertificates, refuseManaged } from './certificates/capability';
import { createServerFetches } from './certificates/from-server';
import { checkServer } from './trust/check';
import type { StoredCertificate } from './store/types';
import { readSettings } from './settings/settings';
import { DEFAULT_EXPIRING_DAYS } from './certificates/view';
import { DEFAULT_MEDIA_DIRS } from './certificates/media';
import { NOT_ENROLLED } from './management/not-enrolled';

export interface CreateServiceOptions {
  dataDir: string;
  clock?: Clock;
  /** Overrides the media folders of the settings (tests, e2e). */
  mediaDirs?: string[];
  /** Long-running hosts sync the policy and send audit records in the background; the CLI does not. */
  background?: boolean;
}

export type ThinCertService = ReturnType<typeof createService>;

export function createService(options: CreateServiceOptions) {
  const clock = options.clock ?? systemClock;
  return new Service({ dataDir: options.dataDir, clock }, (core) => {
    const store = openCertStore(core.dataDir, { clock });
    let settings = { expiringDays: DEFAULT_EXPIRING_DAYS, mediaDirs: options.mediaDirs ?? DEFAULT_MEDIA_DIRS };
    const refreshSettings = async () => {
      const read = await readSettings(core.dataDir);
      settings = { expiringDays: read.expiringDays, mediaDirs: options.mediaDirs ?? read.mediaDirs };
    };
    const managedBy = (_purpose: Purpose): string | null => null;
    const storeChanged = () => core.emit('storeChanged', { at: clock.now().toISOString() });

    const fetches = createServerFetches(clock);
    /** What the trust rules may use: in managed mode, only policy certificates of managed purposes (rule 4). */
    const storedForTrust = async (): Promise<StoredCertificate[]> => {
      const state = await store.read();
      return Object.values(state.certificates).map((cert) => ({
        ...cert,
        purposes: cert.purposes.filter((purpose) => counts(cert, purpose, managedBy)),
      }));
    };

    const certificates = createCertificates({
      store,
      clock,
      get mediaDirs() {
        return settings.mediaDirs;
      },
      managedBy,
      expiringDays: () => settings.expiringDays,
      onChange: storeChanged,
    });

    const handlers: Handlers = {
      status: async () => {
        await refreshSettings();
        const { counts, expiring } = await certificates.countsAndExpiring();
        return { dataDir: core.dataDir, mode: 'unmanaged', counts, expiring, management: NOT_ENROLLED };
      },
      list: async (request) => certificates.list(request),
      show: async (request) => certificates.show(request),
      preview: async (request) => {
        await refreshSettings();
        return certificates.preview(request);
      },
      add: async (request) => {
        await refreshSettings();
        return certificates.add(request);
      },
      remove: async (request) => certificates.remove(request),
      exportBundle: async (request) => certificates.exportBundle(request),
      mediaFiles: async () => {
        await refreshSettings();
        return certificates.mediaFiles();
      },
      check: async (request) => checkServer(request, { stored: await storedForTrust(), clock }),
      fetchChain: async (request) => {
        const fetched = await fetches.fetch(request);
        return { host: fetched.host, port: fetched.port, chain: fetched.chain, fetchId: fetched.fetchId };
      },
      confirmFetch: async (request) => {
        refuseManaged(managedBy, (await fetches.peek(request.fetchId))?.purpose);
        const fetched = fetches.take(request.fetchId, request.fingerprint);
        return certificates.addParsed(fetched.purpose, [fetched.leaf], 'manual', request.label ?? null);
      },
    };
    const refuseManagedSetting = (key: string): void => {
      void key;
    };
    return { handlers, extensions: { certificates, store, fetches, storedForTrust, refuseManagedSetting, managedBy } };
  });
}
