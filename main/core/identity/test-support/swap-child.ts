/**
 * A separate process for the identity swap's crash tests, bundled by
 * test/support/build-child.ts:
 *   store <dataDir> <pairs.json> <index> <crashAtStep|->  stores pair <index>, SIGKILLing itself after that step
 *   churn <dataDir> <pairs.json>                          stores the pairs in turn until killed
 */
import { readFileSync } from 'node:fs';
import { storeIdentity, withIdentityLock } from '../storage';

interface Pair {
  certPem: string;
  keyPem: string;
}

const [mode, dataDir = '', pairsFile = '', index = '0', crashAt = '-'] = process.argv.slice(2);
const pairs = JSON.parse(readFileSync(pairsFile, 'utf8')) as Pair[];
const meta = { source: 'pkcs12' as const, scepUrl: null, caFingerprint: null, storedAt: new Date().toISOString() };

async function main(): Promise<void> {
  if (mode === 'store') {
    const pair = pairs[Number(index)] as Pair;
    await withIdentityLock(dataDir, () =>
      storeIdentity(dataDir, { ...pair, meta }, (step) => {
        if (step === crashAt) process.kill(process.pid, 'SIGKILL');
      }),
    );
    return;
  }
  process.stdout.write('churning\n');
  for (let i = 0; ; i++) {
    const pair = pairs[i % pairs.length] as Pair;
    await withIdentityLock(dataDir, () => storeIdentity(dataDir, { ...pair, meta }));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
