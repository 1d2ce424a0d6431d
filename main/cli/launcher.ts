/**
 * `thincert` as built (package.json "bin", out/cli/thincert.cjs): runs the
 * CLI bundle beside it through its V8 code cache (main/code-cache). Everything
 * the CLI does is in the bundle; this file only loads it.
 */
import path from 'node:path';
import { runBundle } from '../code-cache/code-cache';

runBundle(path.join(__dirname, 'thincert-cli.cjs'), module);
