/**
 * `node scripts/bench-ui.mjs [size] [paint] [cold]`: the renderer's rows of
 * `npm run bench` alone (bench/ui-bench.ts), for working on them without the
 * whole run. Needs a build (`node scripts/build.mjs`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepare } from './prepare';
import { coldStart, firstPaint, rendererSize } from './ui-bench';

const ROOT = path.resolve(__dirname, '..', '..');
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice('--runs='.length) ?? 7);
const want = (row: string) => wanted.length === 0 || wanted.includes(row);

async function main(): Promise<void> {
  if (want('size')) {
    const size = rendererSize(ROOT);
    console.log(`renderer JavaScript at start: ${size.atStart.toFixed(1)} kB gzip (goal ≤ 110); all ${size.chunks} chunks ${size.all.toFixed(1)} kB`);
  }
  if (!want('paint') && !want('cold')) return;
  const data = await prepare(ROOT);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'thincert-ui-rows-'));
  try {
    const store1000 = path.join(scratch, 'store-1000');
    execFileSync(process.execPath, [path.join(ROOT, 'out', 'cli', 'thincert.cjs'), '--data-dir', store1000, 'add', 'rdp', data.pem1000], { stdio: 'ignore' });
    if (want('paint')) {
      const paint = await firstPaint(ROOT, store1000, runs, 'bench.test');
      console.log(`first paint, 1,000 certificates: ${paint.app.toFixed(1)} ms vs blank ${paint.blank.toFixed(1)} ms: ${(paint.app / paint.blank).toFixed(2)}× (goal ≤ 1.5×)`);
    }
    if (want('cold')) {
      const cold = await coldStart(ROOT, store1000, runs);
      const baseline = cold.node + cold.blank;
      console.log(`cold start to home: ${cold.app.toFixed(1)} ms vs node ${cold.node.toFixed(1)} + blank ${cold.blank.toFixed(1)} = ${baseline.toFixed(1)} ms: ${(cold.app / baseline).toFixed(2)}× (goal ≤ 1.5×)`);
      console.log(`  floor (bench/floors/web.cjs, a Node server with the heading alone): ${cold.floor.toFixed(1)} ms: ${(cold.floor / baseline).toFixed(2)}×`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
