/**
 * Argument parsing shared by ksc-sim and ksc-admin (PROTOCOL.md §5): `--data DIR`
 * may stand before or after the subcommand, and `policy` needs options taking
 * two values (`--add PURPOSE FILE`), which node:util parseArgs cannot express.
 */

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParsedArgs {
  data: string | null;
  positionals: string[];
  /** Each occurrence of an option, in order, with its values. */
  options: Map<string, string[][]>;
}

/** `arity` names every option the command knows and how many values it takes. */
export function parseArgs(argv: readonly string[], arity: Readonly<Record<string, number>>): ParsedArgs {
  const parsed: ParsedArgs = { data: null, positionals: [], options: new Map() };
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i] ?? '';
    if (!token.startsWith('--')) {
      parsed.positionals.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    const count = name === 'data' ? 1 : arity[name];
    if (count === undefined) throw new UsageError(`unknown option --${name}`);
    let values: string[];
    if (eq !== -1) {
      if (count !== 1) throw new UsageError(`--${name} takes ${count} values`);
      values = [token.slice(eq + 1)];
    } else {
      values = argv.slice(i + 1, i + 1 + count) as string[];
      if (values.length < count || values.some((value) => value.startsWith('--'))) {
        throw new UsageError(`--${name} needs ${count} value(s)`);
      }
      i += count;
    }
    if (name === 'data') parsed.data = values[0] ?? null;
    else parsed.options.set(name, [...(parsed.options.get(name) ?? []), values]);
  }
  return parsed;
}

/** The single value of an option given at most once, or undefined. */
export function single(args: ParsedArgs, name: string): string | undefined {
  const all = args.options.get(name);
  if (all === undefined) return undefined;
  if (all.length > 1) throw new UsageError(`--${name} given more than once`);
  return all[0]?.[0];
}

export function required(args: ParsedArgs, name: string): string {
  const value = single(args, name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

export function dataDirOf(args: ParsedArgs): string {
  if (args.data === null) throw new UsageError('--data DIR is required');
  return args.data;
}

/** Where a command writes lines; tests capture them, the bin entries use the process streams. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
