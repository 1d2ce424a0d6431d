#!/usr/bin/env node
// `node scripts/bench-ui.mjs [size] [paint] [cold] [--runs=N]`: bundles and runs the renderer's bench rows alone (bench/ui-rows.ts).
import { runBench } from './bench-runner.mjs';

await runBench({ entry: { source: 'bench/ui-rows.ts', output: 'out/bench/ui-rows.cjs' } });
