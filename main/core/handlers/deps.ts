/**
 * What the handler modules are built from: made once per Service in
 * create-service.ts, handed to each capability's handlers as explicit deps.
 */
import type { AuditLog } from '../audit/audit-log';
import type { DeliveryDeps } from '../audit/delivery-state';
import type { createCertificates } from '../certificates/capability';
import type { createServerFetches } from '../certificates/from-server';
import type { Clock } from '../clock';
import type { ManagementClient } from '../management/client';
import type { ProbeLimit } from '../probes/limit';
import type { CheckDeps } from '../trust/check';
import type { Distrust } from '../trust/distrust-capability';
import type { TrustRules } from '../trust/trust-rules';
import type { OpenedCertStore } from '../store/cert-store';
import type { CertStore, StoredCertificate } from '../store/types';
import type { Mutations, ServiceEvents } from './mutation';
import type { ServiceState } from './state';

export type Certificates = ReturnType<typeof createCertificates>;
export type ServerFetches = ReturnType<typeof createServerFetches>;

/** What `check` and `verify` judge with: one place, so both always apply the same trust rules (issue 16). */
export interface TrustInForce {
  /** In managed mode, only policy certificates of managed purposes (rule 4). */
  stored(): Promise<StoredCertificate[]>;
  /** Issue 16 §3: the distrust list, name limits and trust levels in force, read fresh. */
  rules(): Promise<TrustRules>;
  deps(): Promise<Required<Pick<CheckDeps, 'stored' | 'clock' | 'rules' | 'revocation'>>>;
}

export interface HandlerDeps {
  dataDir: string;
  clock: Clock;
  /** The store as it is, with the rule its trust files are written by; `certificates` adds through the distrust guard. */
  store: OpenedCertStore;
  management: ManagementClient;
  /** The trail; its writes are main's own (the watcher does not report them back). */
  audit: AuditLog;
  state: ServiceState;
  changes: Mutations;
  events: ServiceEvents;
  /** check, fetchChain and managementPreview each hold a connection until it answers or times out: bounded together. */
  probes: ProbeLimit;
  certificates: Certificates;
  /** The certificates capability over another store (a name-limited anchor's). */
  certificatesWith(store: CertStore): Certificates;
  /** Every manual addition goes through this store: a distrusted certificate is refused under the store's lock. */
  guardedStore: CertStore;
  fetches: ServerFetches;
  trust: TrustInForce;
  distrust: Distrust;
  delivery: DeliveryDeps;
}
