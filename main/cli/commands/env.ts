/**
 * `env PURPOSE` and `exec PURPOSE -- CMD ARGS…` (issue 15): other programs on
 * the thin client trust exactly what ThinCert trusts for one purpose.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Purpose } from '../../../app/purposes';
import type { MainResponseOf } from '../../../app/main-channels';
import { printJson, type CliContext } from '../context';
import type { CliIo } from '../io';
import { purposeArg, UsageError } from '../purpose-arg';

/** Brings the files up to date, then says on stderr what they cannot express. */
async function prepare({ service, io }: CliContext, purpose: Purpose): Promise<Record<string, string>> {
  const files = await service.call('trustEnvironment', { purpose }, { actor: 'cli' });
  // What the files hold (managed mode's rule included), not every stored certificate: the warnings speak of the files.
  warnAboutContents(io, purpose, files);
  return files.variables;
}

function warnAboutContents(io: CliIo, purpose: Purpose, files: MainResponseOf<'trustEnvironment'>): void {
  if (files.members === 0) io.err(`thincert: no certificates that count for ${purpose} are stored: programs given these files trust no server.\n`);
  for (const pin of files.unexpressible) {
    io.err(
      `thincert: the pinned certificate ${pin.subject} (${pin.fingerprint}) is not self-signed, so it cannot be a CA for other programs: they will not trust that server (thincert check and connect do).\n`,
    );
  }
}

export async function runEnv(context: CliContext): Promise<number> {
  const purpose = purposeArg(context.args.positionals.purpose);
  const variables = await prepare(context, purpose);
  // --json keeps CLI.md's promise of exactly one JSON document on stdout.
  if (context.args.json) printJson(context.io, { purpose, variables });
  else context.io.out(exportLines(variables));
  return 0;
}

export async function runExec(context: CliContext): Promise<number> {
  const purpose = purposeArg(context.args.positionals.purpose);
  const [command, ...args] = context.args.rest;
  if (command === undefined) throw new UsageError('missing the program to run after --');
  const variables = await prepare(context, purpose);
  // Issue 17: the device's certificate paths come only from the identity in force, never from the caller's environment.
  const { THINCERT_CLIENT_CERT: _cert, THINCERT_CLIENT_KEY: _key, ...inherited } = context.io.env;
  return run(command, args, { ...inherited, ...variables }, context.io);
}

/** The program's own status; killed by a signal, 128 + its number as shells report it; not found, 127. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: 'inherit' });
    child.once('error', (error: NodeJS.ErrnoException) => {
      io.err(`thincert: could not run ${command}: ${error.code === 'ENOENT' ? 'not found' : error.message}\n`);
      resolve(error.code === 'ENOENT' ? 127 : 126);
    });
    child.once('close', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
}

/** One `export` line per variable, each value single-quoted for any POSIX shell. */
export function exportLines(variables: Record<string, string>): string {
  return Object.entries(variables)
    .map(([name, value]) => `export ${name}='${value.replace(/'/g, `'\\''`)}'\n`)
    .join('');
}
