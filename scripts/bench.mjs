#!/usr/bin/env node
// `npm run bench [-- --quick]`: builds, bundles the benchmark and runs it.
import { runBench } from './bench-runner.mjs';

await runBench({ entry: { source: 'bench/bench.ts', output: 'out/bench/bench.cjs' }, ensureBuilt: true });
