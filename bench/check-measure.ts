/** What the check rows compare a check with, shared by `npm run bench` and bench/check-rows.ts. */
import tls from 'node:tls';
import { MAX_CONCURRENT_PROBES } from '../main/core/probes/limit';

/** A bare TLS handshake to the bench server with the peer chain read: the baseline of one check. */
export function rawHandshake(port: number, ca: Buffer[]): () => Promise<void> {
  return () =>
    new Promise<void>((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ca });
      socket.once('secureConnect', () => {
        socket.getPeerCertificate(true);
        socket.destroy();
        resolve();
      });
      socket.once('error', reject);
    });
}

/**
 * 100 calls through as many lanes as one Service may probe at once (issue 13
 * refuses more, it does not queue them); the baseline goes through the same lanes.
 * Answers calls per second.
 */
export async function hundredThroughLanes(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < 100) {
      next++;
      await fn();
    }
  };
  await Promise.all(Array.from({ length: MAX_CONCURRENT_PROBES }, lane));
  return 100 / ((performance.now() - start) / 1000);
}
