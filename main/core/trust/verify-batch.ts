/**
 * The `verifyBatch` channel (`verify --stdin`, issue 16 §1): every non-empty
 * line judged, the outcomes in input order, and the counts the CLI's exit
 * status comes from. The whole batch is judged at one instant, the time it
 * started (a line's own `at` still wins), whether in process or on worker
 * threads (verify-pool.ts) once the input is large enough to pay for them.
 */
import type { MainRequestOf, MainResponseOf } from '../../../app/main-channels';
import { judgeInWorkers, threadsFor, workerScript } from './verify-pool';
import { emptySummary, judgeLines, tally, type LineOutcome } from './verify-lines';
import { snapshotOf } from './verify-snapshot';
import { fixedClock } from '../clock';
import type { VerifyDeps } from './verify-chain';

/** Below this many lines, starting threads costs more than it saves. */
export const THREADED_FROM_LINES = 512;

export interface VerifyBatchOptions {
  /** The worker script; default the bundled one beside the CLI (none when running from sources: judged in process). */
  workerScript?: string | null;
  /** Worker threads to start beside this one, which judges too; default one per core but this one's. */
  threads?: number;
}

export async function verifyBatch(
  request: MainRequestOf<'verifyBatch'>,
  deps: VerifyDeps,
  options: VerifyBatchOptions = {},
): Promise<MainResponseOf<'verifyBatch'>> {
  const at = deps.clock.now();
  const lines = request.lines.filter((line) => line.trim() !== '');
  const fixed = { ...deps, clock: fixedClock(at) };
  const outcomes = (await threaded(lines, fixed, at, request, options)) ?? (await inProcess(lines, fixed, request));
  const summary = emptySummary();
  for (const outcome of outcomes) tally(summary, outcome);
  return { outcomes, ...summary };
}

async function inProcess(lines: readonly string[], deps: VerifyDeps, request: MainRequestOf<'verifyBatch'>): Promise<LineOutcome[]> {
  const outcomes: LineOutcome[] = [];
  await judgeLines(lines, deps, (outcome) => outcomes.push(outcome), request.purpose === undefined ? {} : { purpose: request.purpose });
  return outcomes;
}

/** Null when the batch is judged in process: too small, one core, no bundled worker, or a thread failed. */
async function threaded(
  lines: readonly string[],
  deps: VerifyDeps,
  at: Date,
  request: MainRequestOf<'verifyBatch'>,
  options: VerifyBatchOptions,
): Promise<LineOutcome[] | null> {
  if (lines.length < THREADED_FROM_LINES) return null;
  const script = options.workerScript === undefined ? workerScript() : options.workerScript;
  const threads = options.threads ?? threadsFor(lines.length);
  const snapshot = snapshotOf(deps, at);
  if (script === null || threads < 1 || snapshot === null) return null;
  try {
    return await judgeInWorkers(lines, snapshot, request.purpose, script, threads, (chunk) => inProcess(chunk, deps, request));
  } catch {
    // Nothing was answered yet: the lines are judged again in process, with the same instant and deps.
    return null;
  }
}
