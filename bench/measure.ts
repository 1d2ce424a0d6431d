/** Timing helpers: medians of repeated runs, whole processes timed from spawn to exit. */
import { spawnSync } from 'node:child_process';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function timeRuns(runs: number, fn: () => Promise<unknown> | unknown, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

export function timeProcess(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): number {
  const start = performance.now();
  const result = spawnSync(command, args, { stdio: ['pipe', 'ignore', 'pipe'], env: options.env ?? process.env, input: options.input ?? '' });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr?.toString().slice(0, 400)}`);
  return elapsed;
}

export async function timeProcessRuns(runs: number, command: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  return timeRuns(runs, () => timeProcess(command, args, options));
}

/** A run of `work` that reports its own time, for eachInTurn. */
export function timed(work: () => unknown): () => number {
  return () => {
    const start = performance.now();
    work();
    return performance.now() - start;
  };
}

/**
 * Medians of a few cases, each run reporting its own time, one run of each in
 * turn after one warm-up each. Measured one batch after the other, a case and
 * its baseline moved apart by 10–25 ms (whole processes) or 1.5× (parsing)
 * between two moments of a shared machine: more than some rows' margins.
 */
export async function eachInTurn<K extends string>(runs: number, cases: Record<K, () => number | Promise<number>>): Promise<Record<K, number>> {
  const entries = Object.entries(cases) as [K, () => number | Promise<number>][];
  for (const [, run] of entries) await run();
  const times = new Map<K, number[]>(entries.map(([name]) => [name, []]));
  for (let i = 0; i < runs; i++) for (const [name, run] of entries) times.get(name)?.push(await run());
  return Object.fromEntries(entries.map(([name]) => [name, median(times.get(name) ?? [])])) as Record<K, number>;
}
