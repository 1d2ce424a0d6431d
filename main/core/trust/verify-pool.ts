/**
 * `verify --stdin` on every core (issue 16 §1: ≥ 2,000 chains/s in one
 * process). Most of a line's cost is OpenSSL's (parsing the leaf, checking
 * its signature), which one thread cannot share out, so large inputs are cut
 * into chunks judged by worker threads and this thread together, and the
 * outcomes are put back in input order. A thread builds nothing from disk: it
 * is given the deps the main thread read (verify-snapshot.ts), so every line
 * is judged by the same store and rules. Threads are kept between batches
 * while idle for a short while, unreferenced (they never hold a process
 * open): a fresh thread judges at half speed until its code is compiled.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Purpose } from '../../../app/purposes';
import type { LineOutcome } from './verify-lines';
import type { VerifySnapshot } from './verify-snapshot';
import type { ChunkAnswer, WorkerRequest } from './verify-worker';

/** Lines per message: large enough that passing them costs nothing next to judging them. */
export const CHUNK_LINES = 64;
/** Chunks a thread holds at once: more wait when it answers one, also while this thread judges a chunk of its own. */
const IN_FLIGHT = 3;
/** At most this many threads, whatever the machine. */
const MAX_THREADS = 8;
/** How long an idle thread is kept for the next batch. */
const IDLE_MS = 30_000;

/** The bundled worker script: beside the CLI, or in out/cli seen from another bundle of out/; null when running from sources. */
export function workerScript(): string | null {
  if (typeof __dirname === 'undefined') return null;
  for (const candidate of [path.join(__dirname, 'verify-worker.cjs'), path.join(__dirname, '..', 'cli', 'verify-worker.cjs')]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** How many worker threads are worth starting for `lines` lines beside this thread, which judges too; 0: judge in process. */
export function threadsFor(lines: number, cores = availableParallelism()): number {
  return Math.max(0, Math.min(cores - 1, MAX_THREADS, Math.ceil(lines / CHUNK_LINES) - 1));
}

/** Idle threads by script, and the timer that lets them go. */
const idle = new Map<string, Worker[]>();
let idleTimer: NodeJS.Timeout | null = null;
let batches = 0;

function takeWorkers(script: string, count: number): Worker[] {
  const kept = idle.get(script) ?? [];
  const taken = kept.splice(0, count);
  while (taken.length < count) {
    const worker = new Worker(script);
    // A thread that ends while idle (killed, out of memory) must not be handed a batch it would never answer.
    worker.once('exit', () => {
      const list = idle.get(script);
      const at = list?.indexOf(worker) ?? -1;
      if (at >= 0) list?.splice(at, 1);
    });
    // A batch hears its threads' errors through its own listener; one that fails after its batch
    // has given up (a sibling of the thread that failed first) is let go, not thrown in this thread.
    worker.on('error', () => void worker.terminate());
    taken.push(worker);
  }
  for (const worker of taken) worker.ref();
  return taken;
}

function keepWorkers(script: string, workers: readonly Worker[]): void {
  for (const worker of workers) worker.unref();
  idle.set(script, [...(idle.get(script) ?? []), ...workers]);
  if (idleTimer !== null) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    const all = [...idle.values()].flat();
    idle.clear();
    for (const worker of all) void worker.terminate();
  }, IDLE_MS);
  idleTimer.unref();
}

/**
 * The outcomes of `lines` (non-empty ones) judged by `threads` workers running
 * `script`, and by `here` on this thread between their answers (so a core is
 * not left to a thread that is still starting), in input order. Rejects when
 * a thread fails (that thread is let go); the caller judges in process instead.
 */
export async function judgeInWorkers(
  lines: readonly string[],
  snapshot: VerifySnapshot,
  purpose: Purpose | undefined,
  script: string,
  threads: number,
  here?: (chunk: readonly string[]) => Promise<LineOutcome[]>,
): Promise<LineOutcome[]> {
  const batch = ++batches;
  const chunks: string[][] = [];
  for (let i = 0; i < lines.length; i += CHUNK_LINES) chunks.push(lines.slice(i, i + CHUNK_LINES));
  const answers: (LineOutcome[] | undefined)[] = new Array(chunks.length);
  const workers = takeWorkers(script, Math.max(here === undefined ? 1 : 0, threads));
  const listeners: (() => void)[] = [];
  let failed = false;
  try {
    await new Promise<void>((resolve, fail) => {
      let next = 0;
      let answered = 0;
      const reject = (error: unknown) => {
        failed = true;
        fail(error);
      };
      const answer = (chunk: number, outcomes: LineOutcome[]) => {
        answers[chunk] = outcomes;
        if (++answered === chunks.length) resolve();
      };
      const send = (worker: Worker) => {
        if (next >= chunks.length) return;
        const request: WorkerRequest = { kind: 'chunk', batch, chunk: next, lines: chunks[next] as string[], ...(purpose === undefined ? {} : { purpose }) };
        next++;
        worker.postMessage(request);
      };
      if (chunks.length === 0) resolve();
      for (const worker of workers) {
        const onMessage = (reply: ChunkAnswer) => {
          if (reply.batch !== batch) return;
          answer(reply.chunk, reply.outcomes);
          send(worker);
        };
        const onExit = (code: number) => reject(new Error(`a verify worker thread exited (${code}) before answering`));
        worker.on('message', onMessage);
        worker.on('error', reject);
        worker.on('exit', onExit);
        listeners.push(() => {
          worker.off('message', onMessage);
          worker.off('error', reject);
          worker.off('exit', onExit);
        });
        worker.postMessage({ kind: 'start', batch, snapshot } satisfies WorkerRequest);
        for (let i = 0; i < IN_FLIGHT; i++) send(worker);
      }
      if (here !== undefined) {
        // One chunk at a time, yielding between them so the threads' answers are taken and answered with more work.
        const judgeHere = async (): Promise<void> => {
          while (next < chunks.length && !failed) {
            const chunk = next++;
            answer(chunk, await here(chunks[chunk] as string[]));
            await new Promise((resume) => setImmediate(resume));
          }
        };
        judgeHere().catch(reject);
      }
    });
  } finally {
    for (const remove of listeners) remove();
    if (failed) await Promise.all(workers.map((worker) => worker.terminate()));
    else {
      for (const worker of workers) worker.postMessage({ kind: 'end', batch } satisfies WorkerRequest);
      keepWorkers(script, workers);
    }
  }
  return answers.flatMap((outcomes) => outcomes ?? []);
}
