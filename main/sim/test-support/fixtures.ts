/** Test fixtures for the simulator tests; the certificate makers live with the management capability. */
import type { Clock } from '../../core/clock';

export { makeCert, tempDir, type TestCert } from '../../core/management/test-support/certs';

/** Real time, moved forward by hand (the simulator checks ±300 s against its own real clock). */
export function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
  };
}

export function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
}
