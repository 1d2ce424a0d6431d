/**
 * The management capability's one door (PROTOCOL.md §1–§4): enrollment, policy
 * sync, certificate replacement and the status the CLI and the UI show. Each
 * method reads the state from disk, so an app and a CLI over the same data
 * folder see each other's changes, and a restart keeps every counter.
 */
import type { ManagementStatus } from '../../../app/schemas';
import type { Purpose } from '../../../app/purposes';
import type { Clock } from '../clock';
import { isThinCertError } from '../errors';
import type { CertStore } from '../store/types';
import { DEFAULT_TIMEOUT_MS, type ManagementDeps } from './deps';
import type { EnrollRequest, ServerAddress } from './enroll';
import { readDeviceKey, readRecord } from './state';
import { managedByOf, managedModeOf, statusOf, type ManagedMode } from './status';

/**
 * The network side (TLS, HTTPS) is loaded on first use: most CLI commands only
 * read the state, and Node's TLS stack is a good part of start-up (issue 8).
 */
const network = () => Promise.all([import('./enroll'), import('./sync'), import('./replace')]).then(([e, s, r]) => ({ ...e, ...s, ...r }));

export interface ManagementClientOptions {
  dataDir: string;
  store: CertStore;
  clock: Clock;
  timeoutMs?: number;
}

export interface PresentedServer {
  host: string;
  port: number;
  /** The presented leaf, for the UI/CLI to show (subject, validity, F) before enrolling. */
  der: Buffer;
  fingerprint: string;
}

/** Before any policy is read, and without one: the operator decides everything. */
export const UNMANAGED_MODE: ManagedMode = Object.freeze({ managed: false, adminContact: null, logServer: null, policyRevision: null });

export class ManagementClient {
  private readonly deps: ManagementDeps;
  private lastMode: ManagedMode = UNMANAGED_MODE;

  constructor(options: ManagementClientOptions) {
    this.deps = {
      dataDir: options.dataDir,
      store: options.store,
      clock: options.clock,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    };
  }

  /** §1.2: what the server presents, nothing sent, nothing stored. */
  async previewServer(address: ServerAddress): Promise<PresentedServer> {
    const { previewServer, endpointOf } = await network();
    const { der, fingerprint } = await previewServer(this.deps, address);
    return { host: address.host, port: endpointOf(address).port, der, fingerprint };
  }

  /** §1.3–§1.4, then a first sync (best effort: the enrollment stands even if it fails). */
  async enroll(request: EnrollRequest): Promise<ManagementStatus> {
    const { enroll } = await network();
    await enroll(this.deps, request);
    await this.syncQuietly();
    return this.status();
  }

  /**
   * §2–§4.1. Throws `replacement-required` (exit 4) when the server presents an
   * unknown certificate, `policy-rejected` when its policy is refused, and
   * `server-unreachable` / `device-rejected` / `server-refused` otherwise; the
   * outcome is also in `status()` afterwards.
   */
  async sync(): Promise<ManagementStatus> {
    const { sync } = await network();
    await sync(this.deps);
    return this.status();
  }

  /** §4.5: pins the pending certificate when `code` is right, then reconnects (best effort). */
  async replace(code: string): Promise<ManagementStatus> {
    const { replace } = await network();
    await replace(this.deps, code);
    await this.syncQuietly();
    return this.status();
  }

  async status(): Promise<ManagementStatus> {
    const record = await readRecord(this.deps.dataDir);
    this.lastMode = managedModeOf(record);
    return statusOf(record, await readDeviceKey(this.deps.dataDir), this.deps.clock.now());
  }

  /** When the enrollment in force was made: a new one with the same device id is still an enrollment (audit). */
  async enrolledAt(): Promise<string | null> {
    return (await readRecord(this.deps.dataDir)).enrolledAt;
  }

  /** Managed mode as the last applied policy says (§3), read from disk now. */
  async managedMode(): Promise<ManagedMode> {
    this.lastMode = managedModeOf(await readRecord(this.deps.dataDir));
    return this.lastMode;
  }

  async isManaged(): Promise<boolean> {
    return (await this.managedMode()).managed;
  }

  /**
   * The certificates capability's synchronous `ManagedBy`, over the managed mode
   * this client last read (any call above refreshes it; call `managedMode()`
   * once at start-up).
   */
  readonly managedBy = (purpose: Purpose): string | null => managedByOf(this.lastMode)(purpose);

  /**
   * A follow-up sync whose failure must not undo what already succeeded: its
   * outcome (unreachable, replacement required, policy refused) is recorded in
   * state.json and shown by status(). Anything that is not a ThinCertError is a
   * bug and still propagates.
   */
  private async syncQuietly(): Promise<void> {
    const { sync } = await network();
    try {
      await sync(this.deps);
    } catch (error) {
      if (!isThinCertError(error)) throw error;
    }
  }
}

/** Standalone reads for capabilities that do not hold a client. */
export async function readManagedMode(dataDir: string): Promise<ManagedMode> {
  return managedModeOf(await readRecord(dataDir));
}

export async function isManaged(dataDir: string): Promise<boolean> {
  return (await readManagedMode(dataDir)).managed;
}

export type { EnrollRequest, ServerAddress } from './enroll';
export type { ManagedMode } from './status';
