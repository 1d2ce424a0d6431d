import type { Clock } from '../clock';
import type { CertStore } from '../store/types';

/** What the management capability needs from its host; tests pass a temp folder and a test clock. */
export interface ManagementDeps {
  /** The data folder; management keeps its own files in `<dataDir>/management/`. */
  dataDir: string;
  store: CertStore;
  clock: Clock;
  /** Per connection (TCP + TLS + one HTTP exchange). */
  timeoutMs: number;
}

/** How long one exchange with the management server may take. */
export const DEFAULT_TIMEOUT_MS = 10_000;
