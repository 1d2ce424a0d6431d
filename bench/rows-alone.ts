/**
 * `node scripts/bench-rows.mjs [verify] [revocation]`: the issue 16 rows of
 * `npm run bench` alone, for measuring a change to them without the whole run.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { prepare } from './prepare';
import { runAlone } from './run-alone';
import { benchRevocation } from './revocation-bench';
import { benchVerify } from './verify-bench';

// Bundled to out/bench/ by scripts/bench-rows.mjs, as bench.ts is by scripts/bench.mjs.
const ROOT = path.resolve(__dirname, '..', '..');
const wanted = process.argv.slice(2);
const all = wanted.length === 0;

function splitPem(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
}

runAlone('thincert-rows-', async (scratch) => {
  const data = await prepare(ROOT);
  if (all || wanted.includes('verify')) {
    const verified = await benchVerify(splitPem(readFileSync(data.pem1000, 'utf8')), readFileSync(data.caPem, 'utf8'), scratch, 7);
    console.log(`verify --stdin: ${verified.thincert.toFixed(1)} chains/s (goal ≥ 2000), openssl verify per chain ${verified.openssl.toFixed(1)} chains/s, ${verified.chains} chains`);
  }
  if (all || wanted.includes('revocation')) {
    const revocation = await benchRevocation(scratch, 51);
    console.log(`check with a cached CRL: ${revocation.withCrl.toFixed(2)} ms vs off ${revocation.off.toFixed(2)} ms: ${(revocation.withCrl / revocation.off).toFixed(2)}× (goal ≤ 1.2×)`);
  }
});
