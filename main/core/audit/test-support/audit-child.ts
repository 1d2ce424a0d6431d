/**
 * A separate process changing the store through the Service, as the app (actor
 * 'ui') or the CLI (actor 'cli') does, for the audit trail's cross-process
 * tests. Bundled by build-audit-child.ts. Modes:
 *   adds  <dataDir> <pems.json> <actor> <purpose>            add each certificate, one call each
 *   churn <dataDir> <pems.json> <actor> <purpose> <rounds>   add all, then remove all, `rounds` times
 * Prints "done" and exits 0 when every call succeeded.
 */
import { readFile } from 'node:fs/promises';
import { createService } from '../../create-service';
import type { Actor } from '../../service';
import type { Purpose } from '../../../../app/purposes';

interface Fixture {
  fingerprint: string;
  pem: string;
}

async function main(argv: string[]): Promise<void> {
  const [mode, dataDir, fixturesPath, actor, purpose, rounds] = argv;
  if (dataDir === undefined || fixturesPath === undefined || actor === undefined || purpose === undefined) {
    throw new Error('usage: audit-child <mode> <dataDir> <pems.json> <actor> <purpose> [rounds]');
  }
  // The test wrote this file a moment ago from fixtures it made.
  const fixtures = JSON.parse(await readFile(fixturesPath, 'utf8')) as Fixture[];
  const service = createService({ dataDir });
  const call = async (channel: 'add' | 'remove', payload: unknown) => {
    const result = await service.dispatch(channel, payload, { actor: actor as Actor });
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  };
  const add = (f: Fixture) => call('add', { purpose: purpose as Purpose, input: { kind: 'pem', text: f.pem } });
  const remove = (f: Fixture) => call('remove', { purpose: purpose as Purpose, fingerprint: f.fingerprint });
  switch (mode) {
    case 'adds':
      for (const fixture of fixtures) await add(fixture);
      break;
    case 'churn':
      for (let round = 0; round < Number(rounds ?? '1'); round++) {
        for (const fixture of fixtures) await add(fixture);
        for (const fixture of fixtures) await remove(fixture);
      }
      break;
    default:
      throw new Error(`unknown mode ${mode ?? ''}`);
  }
  await service.close();
  process.stdout.write('done\n');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
