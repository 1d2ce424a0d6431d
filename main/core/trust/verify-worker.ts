/**
 * A worker thread of `verify --stdin` (verify-pool.ts): for each batch it is
 * given the deps to judge with, then chunks of lines, and answers each chunk's
 * outcomes in the chunk's order. It lives across batches (its caches and
 * compiled code stay warm) until the pool lets it go. Bundled beside the CLI
 * as out/cli/verify-worker.cjs (scripts/build.mjs).
 */
import { parentPort } from 'node:worker_threads';
import type { Purpose } from '../../../app/purposes';
import type { VerifyDeps } from './verify-chain';
import { judgeLines, type LineOutcome } from './verify-lines';
import { depsOf, type VerifySnapshot } from './verify-snapshot';

export type WorkerRequest =
  | { kind: 'start'; batch: number; snapshot: VerifySnapshot }
  | { kind: 'chunk'; batch: number; chunk: number; lines: string[]; purpose?: Purpose }
  | { kind: 'end'; batch: number };

export interface ChunkAnswer {
  batch: number;
  chunk: number;
  outcomes: LineOutcome[];
}

const port = parentPort;
if (port !== null) {
  const batches = new Map<number, VerifyDeps>();
  port.on('message', (request: WorkerRequest) => {
    if (request.kind === 'start') batches.set(request.batch, depsOf(request.snapshot));
    else if (request.kind === 'end') batches.delete(request.batch);
    else {
      const deps = batches.get(request.batch);
      if (deps === undefined) throw new Error(`verify worker: chunk of unknown batch ${request.batch}`);
      const outcomes: LineOutcome[] = [];
      // judgeLine answers every failure of a line itself; a rejection here is a fault of the
      // thread, left unhandled so that it ends the thread and the pool falls back to judging in process.
      void judgeLines(request.lines, deps, (outcome) => outcomes.push(outcome), request.purpose === undefined ? {} : { purpose: request.purpose }).then(() =>
        port.postMessage({ batch: request.batch, chunk: request.chunk, outcomes } satisfies ChunkAnswer),
      );
    }
  });
}
