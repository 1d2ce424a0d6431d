/**
 * Settings and managed mode as the Service's handlers see them: looked at
 * before every call (the CLI or the policy may have changed them since), read
 * synchronously inside it.
 */
import { join } from 'node:path';
import type { Purpose } from '../../../app/purposes';
import { DEFAULT_SETTINGS, readSettings, settingsFile, type Settings } from '../settings/settings';
import { UNMANAGED_MODE, type ManagedMode, type ManagementClient } from '../management/client';
import { managementDir, STATE_FILE } from '../management/state';
import { cacheByFileIdentity } from '../store/file-identity-cache';

export interface ServiceState {
  settings(): Settings;
  mode(): ManagedMode;
  /** Re-reads both from disk when either file changed since the last read. */
  refresh(): Promise<void>;
  /** Who manages a purpose (null: the operator does), as the last refresh read it. */
  managedBy(purpose: Purpose): string | null;
  /** The policy's log server wins in managed mode (PROTOCOL.md §3); else the device setting. */
  logServer(): string | null;
}

export function createServiceState(dataDir: string, management: ManagementClient, mediaDirs?: string[]): ServiceState {
  let settings: Settings = { ...DEFAULT_SETTINGS, mediaDirs: mediaDirs ?? DEFAULT_SETTINGS.mediaDirs };
  let mode: ManagedMode = UNMANAGED_MODE;
  // Parsing and validating both files was most of a loopback check's own CPU
  // (issue 14); every write renames a new file into place, so two stats tell
  // whether another process changed either. Per Service: the management
  // client's managedBy follows what its own managedMode() last read.
  const read = cacheByFileIdentity<{ settings: Settings; mode: ManagedMode }>();
  const files = [settingsFile(dataDir), join(managementDir(dataDir), STATE_FILE)];
  return {
    settings: () => settings,
    mode: () => mode,
    async refresh() {
      const fresh = await read(dataDir, files, async () => {
        const [stored, managed] = await Promise.all([readSettings(dataDir), management.managedMode()]);
        return { settings: { ...stored, mediaDirs: mediaDirs ?? stored.mediaDirs }, mode: managed };
      });
      settings = fresh.settings;
      mode = fresh.mode;
    },
    managedBy: (purpose) => management.managedBy(purpose),
    logServer: () => (mode.managed && mode.logServer ? mode.logServer : settings.logServer),
  };
}

/**
 * Settings and managed mode are re-read before every call, once, here: the
 * CLI or the policy may have changed them since the last one.
 */
export function refreshingFirst<H extends object>(state: Pick<ServiceState, 'refresh'>, handlers: H): H {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (request: unknown, call: unknown) => Promise<unknown>][]) {
    wrapped[name] = async (request: unknown, call: unknown) => {
      await state.refresh();
      return handler(request, call);
    };
  }
  return wrapped as H;
}
