/**
 * The web host as built (out/web/server.cjs, what npm run web, the e2e suite
 * and the bench start): runs the host's bundle beside it (thincert-web.cjs,
 * built from server.ts) through its V8 code cache (main/code-cache), so the
 * kiosk's cold start does not compile 1.8 MB of JavaScript first (issue 14).
 */
import path from 'node:path';
import { runBundle } from '../code-cache/code-cache';

runBundle(path.join(__dirname, 'thincert-web.cjs'), module);
