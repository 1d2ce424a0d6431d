/**
 * How many server connections one Service tests at once (issue 13, hole 11).
 * Each probe may hold a socket and a timer until its deadline, so without a
 * bound a page or script could start them without end. Over the bound the call
 * is refused at once rather than queued: a queue would hold a caller for up to
 * (bound × timeout) with nothing on screen to say why.
 */
import { ThinCertError } from '../errors';

export const MAX_CONCURRENT_PROBES = 8;

export function tooManyChecks(limit: number): ThinCertError {
  return new ThinCertError('too-many-checks', 'Too many connections are being tested at once; try again in a moment.', { limit });
}

export interface ProbeLimit {
  /** `handler`, refused with `too-many-checks` while `max` calls through this limit are running. */
  limited<A extends unknown[], R>(handler: (...args: A) => Promise<R>): (...args: A) => Promise<R>;
}

export function createProbeLimit(max = MAX_CONCURRENT_PROBES): ProbeLimit {
  let running = 0;
  return {
    limited:
      (handler) =>
      async (...args) => {
        if (running >= max) throw tooManyChecks(max);
        running++;
        try {
          return await handler(...args);
        } finally {
          running--;
        }
      },
  };
}
