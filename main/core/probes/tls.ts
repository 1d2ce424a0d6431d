/** Probe of a TLS server (ksc, broker, logServer): TCP, then the TLS handshake. */
import { runProbe } from './session';
import type { ProbeOptions, ProbeResult } from './types';

export function probeTls(options: ProbeOptions): Promise<ProbeResult> {
  return runProbe(options, async () => undefined);
}
