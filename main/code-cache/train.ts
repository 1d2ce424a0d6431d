/**
 * Build time only (scripts/code-cache.mjs): `node train.cjs BUNDLE ARGS…`
 * runs BUNDLE with ARGS the way a launcher does (one CLI command, or the web
 * host until it is stopped) and writes the code cache of everything it
 * compiled beside BUNDLE when the process exits. Each run starts from the
 * cache the previous one left, so the cache covers all of them.
 */
import path from 'node:path';
import { trainBundle } from './code-cache';

const [bundle] = process.argv.splice(2, 1);
if (bundle === undefined) throw new Error('usage: train BUNDLE [ARGS...]');
trainBundle(path.resolve(bundle), module);
