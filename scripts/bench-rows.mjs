#!/usr/bin/env node
// `node scripts/bench-rows.mjs [verify] [revocation]`: bundles and runs the issue 16 bench rows alone (bench/rows-alone.ts).
import { runBench } from './bench-runner.mjs';

await runBench({
  entry: { source: 'bench/rows-alone.ts', output: 'out/bench/rows-alone.cjs' },
  // The worker as scripts/build.mjs makes it, so the row measures the threads the CLI uses.
  also: [{ source: 'main/core/trust/verify-worker.ts', output: 'out/cli/verify-worker.cjs' }],
});
