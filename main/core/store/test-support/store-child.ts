/**
 * A separate process for the store's lock and crash tests, bundled by
 * test/support/build-child.ts. Modes:
 *   lock-counter <dir> <times>       bump <dir>/counter under withDirLock, durably
 *   hold-lock <dir> <staleMs>        take the lock, say "locked", never let go
 *   add <dir> <fixtures.json> <from> <count>   add certificates one update each
 *   churn <dir> <fixtures.json>      add/remove certificates until killed
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openCertStore } from '../cert-store';
import { readFileIfExists, withDirLock, writeFileDurable } from '../durable-file';
import type { StoredCertificate } from '../types';
import type { Purpose } from '../../../../app/purposes';

async function main(argv: string[]): Promise<void> {
  const [mode, dir, ...rest] = argv;
  if (dir === undefined) throw new Error('usage: store-child <mode> <dir> …');
  switch (mode) {
    case 'lock-counter':
      return lockCounter(dir, Number(rest[0]));
    case 'hold-lock':
      return holdLock(dir, Number(rest[0]));
    case 'add':
      return add(dir, await loadFixtures(rest[0]), Number(rest[1]), Number(rest[2]));
    case 'churn':
      return churn(dir, await loadFixtures(rest[0]));
    default:
      throw new Error(`unknown mode ${String(mode)}`);
  }
}

async function lockCounter(dir: string, times: number): Promise<void> {
  const counter = join(dir, 'counter');
  for (let i = 0; i < times; i++) {
    await withDirLock(dir, async () => {
      const now = Number((await readFileIfExists(counter))?.toString() ?? '0');
      await writeFileDurable(counter, String(now + 1));
    });
  }
}

async function holdLock(dir: string, staleMs: number): Promise<void> {
  await withDirLock(dir, async () => {
    process.stdout.write('locked\n');
    await new Promise<never>(() => {
      setInterval(() => undefined, 60_000);
    });
  }, { staleMs });
}

async function add(dir: string, fixtures: StoredCertificate[], from: number, count: number): Promise<void> {
  const store = openCertStore(dir);
  for (const certificate of fixtures.slice(from, from + count)) {
    await store.update((state) => ({
      state: { ...state, certificates: { ...state.certificates, [certificate.fingerprint]: certificate } },
      result: undefined,
    }));
  }
}

const PURPOSE_SETS: Purpose[][] = [['rdp'], ['ksc', 'broker'], ['logServer'], ['rdp', 'logServer', 'ksc']];

async function churn(dir: string, fixtures: StoredCertificate[]): Promise<void> {
  const store = openCertStore(dir);
  for (let step = 0; ; step++) {
    const certificate = fixtures[Math.floor(Math.random() * fixtures.length)];
    const purposes = PURPOSE_SETS[step % PURPOSE_SETS.length];
    if (certificate === undefined || purposes === undefined) throw new Error('no fixtures');
    await store.update((state) => {
      const certificates = { ...state.certificates };
      if (certificates[certificate.fingerprint] === undefined) {
        certificates[certificate.fingerprint] = { ...certificate, purposes };
      } else {
        delete certificates[certificate.fingerprint];
      }
      return { state: { ...state, certificates }, result: undefined };
    });
    if (step === 0) process.stdout.write('churning\n');
  }
}

async function loadFixtures(path: string | undefined): Promise<StoredCertificate[]> {
  if (path === undefined) throw new Error('fixtures file missing');
  // The test wrote this file from StoredCertificate values a moment ago.
  return JSON.parse(await readFile(path, 'utf8')) as StoredCertificate[];
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
