/**
 * A worker thread of `verify --stdin` (verify-pool.ts): judges the chunks of
 * lines it is sent with the deps it was started with, and answers each chunk's
 * outcomes in the chunk's order. Bundled beside the CLI as
 * out/cli/verify-worker.cjs (scripts/build.mjs).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Purpose } from '../../../app/purposes';
import { judgeLines, type LineOutcome } from './verify-lines';
import { depsOf, type VerifySnapshot } from './verify-snapshot';

export interface ChunkRequest {
  chunk: number;
  lines: string[];
  purpose?: Purpose;
}

export interface ChunkAnswer {
  chunk: number;
  outcomes: LineOutcome[];
}

const port = parentPort;
if (port !== null) {
  const deps = depsOf((workerData as { snapshot: VerifySnapshot }).snapshot);
  port.on('message', (request: ChunkRequest) => {
    const outcomes: LineOutcome[] = [];
    // judgeLine answers every failure of a line itself; a rejection here is a fault of the
    // thread, left unhandled so that it ends the thread and the pool falls back to judging in process.
    void judgeLines(request.lines, deps, (outcome) => outcomes.push(outcome), request.purpose === undefined ? {} : { purpose: request.purpose }).then(() =>
      port.postMessage({ chunk: request.chunk, outcomes } satisfies ChunkAnswer),
    );
  });
}
