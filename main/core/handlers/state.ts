/**
 * Settings and managed mode as the Service's handlers see them: re-read before
 * every call (the CLI or the policy may have changed them since), read
 * synchronously inside it.
 */
import type { Purpose } from '../../../app/purposes';
import { DEFAULT_SETTINGS, readSettings, type Settings } from '../settings/settings';
import { UNMANAGED_MODE, type ManagedMode, type ManagementClient } from '../management/client';

export interface ServiceState {
  settings(): Settings;
  mode(): ManagedMode;
  /** Re-reads both from disk. */
  refresh(): Promise<void>;
  /** Who manages a purpose (null: the operator does), as the last refresh read it. */
  managedBy(purpose: Purpose): string | null;
  /** The policy's log server wins in managed mode (PROTOCOL.md §3); else the device setting. */
  logServer(): string | null;
}

export function createServiceState(dataDir: string, management: ManagementClient, mediaDirs?: string[]): ServiceState {
  let settings: Settings = { ...DEFAULT_SETTINGS, mediaDirs: mediaDirs ?? DEFAULT_SETTINGS.mediaDirs };
  let mode: ManagedMode = UNMANAGED_MODE;
  return {
    settings: () => settings,
    mode: () => mode,
    async refresh() {
      const [read, managed] = await Promise.all([readSettings(dataDir), management.managedMode()]);
      settings = { ...read, mediaDirs: mediaDirs ?? read.mediaDirs };
      mode = managed;
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
