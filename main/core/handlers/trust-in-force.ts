/** The trust rules every judgement uses (`check`, `verify`, the log server's delivery), read fresh at each. */
import { counts } from '../certificates/capability';
import type { Clock } from '../clock';
import { readManagedMode } from '../management/client';
import { managedByOf } from '../management/status';
import { revocationInForce } from '../revocation/in-force';
import { openCertStore, type OpenedCertStore } from '../store/cert-store';
import type { CertStore } from '../store/types';
import { rulesInForce } from '../trust/rules-in-force';
import type { TrustInForce } from './deps';
import type { ServiceState } from './state';

export function trustInForce(dataDir: string, clock: Clock, store: CertStore, state: Pick<ServiceState, 'managedBy'>): TrustInForce {
  const rules = () => rulesInForce(dataDir);
  /** In managed mode, only policy certificates of managed purposes count (rule 4). */
  const stored = async () =>
    Object.values((await store.read()).certificates).map((cert) => ({
      ...cert,
      purposes: cert.purposes.filter((purpose) => counts(cert, purpose, state.managedBy)),
    }));
  return {
    stored,
    rules,
    deps: async () => ({ stored: await stored(), clock, rules: await rules(), revocation: await revocationInForce(dataDir) }),
  };
}

/** The store whose trust files other programs read hold exactly what `check` counts (rule 4), by the mode on disk at each write. */
export function openTrustedStore(dataDir: string, clock: Clock): OpenedCertStore {
  return openCertStore(dataDir, {
    clock,
    trustMembers: async () => {
      const managedNow = managedByOf(await readManagedMode(dataDir));
      // Issue 16 §3: a distrusted certificate is in no file other programs trust either.
      const { distrusted } = await rulesInForce(dataDir);
      return (cert, purpose) => counts(cert, purpose, managedNow) && !distrusted.has(cert.fingerprint);
    },
  });
}
