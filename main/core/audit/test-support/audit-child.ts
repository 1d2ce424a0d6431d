/**
 * A separate process changing trust through the Service, as the app (actor
 * 'ui') or the CLI (actor 'cli') does, for the audit trail's cross-process
 * tests. Bundled by test/support/build-child.ts. Modes:
 *   adds  <dataDir> <actor> <purpose> <pems.json>            add each certificate, one call each
 *   churn <dataDir> <actor> <purpose> <pems.json> <rounds>   add all, then remove all, `rounds` times
 *   codes <dataDir> <actor> <count> <out.json>               enter a wrong replacement code `count` times,
 *                                                           writing each answer's error code and params to out.json
 * Exits 0 when every call answered as expected.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createService } from '../../create-service';
import type { Actor } from '../../service';
import type { Purpose } from '../../../../app/purposes';

interface Fixture {
  fingerprint: string;
  pem: string;
}

/** Eight digits that are not the code: the code is an HMAC under a random key. */
const WRONG_CODE = '1234-5678';

async function main(argv: string[]): Promise<void> {
  const [mode, dataDir, actorArg, ...rest] = argv;
  if (dataDir === undefined || (actorArg !== 'ui' && actorArg !== 'cli')) throw new Error('usage: audit-child <mode> <dataDir> <ui|cli> …');
  const actor: Actor = actorArg;
  const service = createService({ dataDir });
  const call = async (channel: 'add' | 'remove', payload: unknown) => {
    const result = await service.dispatch(channel, payload, { actor });
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  };
  const fixtures = async (path: string | undefined): Promise<Fixture[]> => {
    if (path === undefined) throw new Error('fixtures file missing');
    // The test wrote this file a moment ago from certificates it made.
    return JSON.parse(await readFile(path, 'utf8')) as Fixture[];
  };
  const purpose = rest[0] as Purpose;
  const add = (f: Fixture) => call('add', { purpose, input: { kind: 'pem', text: f.pem } });
  const remove = (f: Fixture) => call('remove', { purpose, fingerprint: f.fingerprint });
  switch (mode) {
    case 'adds':
      for (const fixture of await fixtures(rest[1])) await add(fixture);
      break;
    case 'churn': {
      const pool = await fixtures(rest[1]);
      for (let round = 0; round < Number(rest[2] ?? '1'); round++) {
        for (const fixture of pool) await add(fixture);
        for (const fixture of pool) await remove(fixture);
      }
      break;
    }
    case 'codes': {
      const answers: unknown[] = [];
      for (let i = 0; i < Number(rest[0]); i++) {
        const result = await service.dispatch('replace', { code: WRONG_CODE }, { actor });
        if (result.ok) throw new Error('a wrong code was taken');
        answers.push({ code: result.error.code, params: result.error.params ?? null });
      }
      await writeFile(rest[1] ?? '', JSON.stringify(answers));
      break;
    }
    default:
      throw new Error(`unknown mode ${mode ?? ''}`);
  }
  await service.close();
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
