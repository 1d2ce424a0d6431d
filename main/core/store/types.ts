import type { CertificateDetails, CertSource } from '../../../app/schemas';
import type { Purpose } from '../../../app/purposes';

/** Current on-disk schema of `store.json`; raise it with a migration in migrations.ts. */
export const STORE_SCHEMA_VERSION = 1;

/**
 * One certificate as kept on disk. Parsed details are stored with the DER so
 * listing never re-parses (issue 8: the CLI's cost must be start-up only).
 */
export interface StoredCertificate {
  /** SHA-256 of the DER, upper-case hex pairs joined by ':' (PROTOCOL.md, F). */
  fingerprint: string;
  /** The certificate's DER, base64. */
  der: string;
  details: CertificateDetails;
  purposes: Purpose[];
  source: CertSource;
  label: string | null;
  addedAt: string;
  /**
   * Servers (`host:port`) this pin was accepted for (issue 15), so a server
   * farm may hold several pins and a changed certificate is shown against the
   * right one. Absent in stores written before: such a pin matches any server.
   */
  servers?: string[];
  /**
   * A CA certificate trusted only for names under these DNS suffixes or inside
   * these IP ranges (issue 16, `add --only-for`), in constrained-anchor.ts's
   * canonical form. Absent: no limit (every store written before).
   */
  onlyFor?: string[];
}

export interface StoreState {
  schemaVersion: number;
  /** Keyed by fingerprint. */
  certificates: Record<string, StoredCertificate>;
}

export interface CertStore {
  readonly dir: string;
  /** A consistent snapshot without taking the lock (every write is an atomic rename). */
  read(): Promise<StoreState>;
  /**
   * Runs `change` under the cross-process lock on the freshest state and, when
   * it returns a new state, writes it atomically and durably and rewrites the
   * per-purpose bundles. Throwing inside `change` leaves everything as it was.
   */
  update<T>(change: (state: StoreState) => { state: StoreState | null; result: T }): Promise<T>;
}
