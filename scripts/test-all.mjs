#!/usr/bin/env node
// `npm test`: build, lint, typecheck, unit/integration tests (vitest) and the
// e2e suite (Playwright), then one closing line `N passed, N failed` summing
// every runner. A skipped test counts as failed: a test that did not run
// proves nothing. Exit status is non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = path.join(root, 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

// Every scratch folder the tests make (os.tmpdir()) goes under one folder of this run, removed at its end:
// a run left some 1,600 folders, ~150 MB, in /tmp, which on many laptops is memory.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'thincert-test-run-'));
// Open to look into, as /tmp is: the peers' workers (nginx as nobody) read the files tests serve from there.
chmodSync(scratch, 0o755);
const scratchEnv = { TMPDIR: scratch };

const tally = { passed: 0, failed: 0 };
const lines = [];

function run(title, command, args, env = {}) {
  console.log(`\n=== ${title}`);
  const started = Date.now();
  const child = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { status: child.status ?? 1, seconds };
}

function check(title, command, args) {
  const { status, seconds } = run(title, command, args);
  const ok = status === 0;
  tally[ok ? 'passed' : 'failed'] += 1;
  lines.push(`${title}: ${ok ? 'passed' : 'FAILED'} (${seconds} s)`);
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null; // the runner crashed before writing its report: counted as a failure below
  }
}

const built = check('build', process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
check('lint (eslint, import layering)', bin('eslint'), ['.', '--max-warnings=0']);
check('typecheck main, app, tests', bin('tsc'), ['-p', 'tsconfig.json']);
check('typecheck renderer', bin('tsc'), ['-p', 'renderer/tsconfig.json']);
check('typecheck e2e', bin('tsc'), ['-p', 'e2e/tsconfig.json']);
check('Electron security (electronegativity)', process.execPath, [path.join(root, 'scripts', 'electronegativity.mjs')]);

{
  const report = path.join(results, 'vitest.json');
  const { status, seconds } = run('unit and integration tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], scratchEnv);
  const json = readJson(report);
  const passed = json?.numPassedTests ?? 0;
  const failed = (json?.numFailedTests ?? 0) + (json?.numPendingTests ?? 0) + (json?.numTodoTests ?? 0);
  const crashed = !json || (status !== 0 && failed === 0) ? 1 : 0;
  tally.passed += passed;
  tally.failed += failed + crashed;
  lines.push(`vitest: ${passed} passed, ${failed + crashed} failed${crashed ? ' (the runner itself failed)' : ''} (${seconds} s)`);
}

if (built) {
  const report = path.join(results, 'playwright.json');
  const { status, seconds } = run('e2e (Playwright)', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: report, ...scratchEnv });
  const stats = readJson(report)?.stats;
  const passed = (stats?.expected ?? 0) + (stats?.flaky ?? 0);
  const failed = (stats?.unexpected ?? 0) + (stats?.skipped ?? 0);
  const crashed = !stats || (status !== 0 && failed === 0) || passed + failed === 0 ? 1 : 0;
  tally.passed += passed;
  tally.failed += failed + crashed;
  lines.push(`playwright: ${passed} passed, ${failed + crashed} failed${crashed ? ' (the runner itself failed or ran nothing)' : ''} (${seconds} s)`);
} else {
  tally.failed += 1;
  lines.push('playwright: not run, the build failed');
}

try {
  rmSync(scratch, { recursive: true, force: true });
} catch (error) {
  // A test that left a folder it made unwritable: said, not counted against the tests.
  console.log(`\nnote: could not remove all of ${scratch}: ${error.message}`);
}

console.log('\n=== summary');
for (const line of lines) console.log(line);
console.log(`${tally.passed} passed, ${tally.failed} failed`);
process.exit(tally.failed === 0 && existsSync(results) ? 0 : 1);
