/**
 * Build time only (scripts/cli-code-cache.mjs): `node code-cache-train.cjs
 * BUNDLE ARGS…` runs one CLI command the way the launcher does and writes
 * the code cache of everything it compiled beside BUNDLE. Each run starts
 * from the cache the previous one left, so the cache covers all of them.
 */
import path from 'node:path';
import { trainBundle } from './code-cache';

const [bundle] = process.argv.splice(2, 1);
if (bundle === undefined) throw new Error('usage: code-cache-train BUNDLE [ARGS...]');
trainBundle(path.resolve(bundle), module);
