/**
 * Argument parsing for `thincert` (CLI.md). One table says every command's
 * positionals and flags; global options may stand anywhere. A usage error is a
 * value, turned into exit status 2 by the caller.
 */
export type FlagKind = 'string' | 'boolean' | 'strings';

export interface CommandSpec {
  /** Positional names; a trailing `?` marks an optional one. */
  positionals: readonly string[];
  flags: Readonly<Record<string, FlagKind>>;
  summary: string;
  usage: string;
  /** Arguments after `--` are handed on unparsed (to a program ThinCert starts) instead of read as positionals. */
  rest?: boolean;
}

export const GLOBAL_FLAGS: Readonly<Record<string, FlagKind>> = {
  'data-dir': 'string',
  json: 'boolean',
  debug: 'boolean',
  help: 'boolean',
};

export interface ParsedCommand {
  command: string;
  positionals: Record<string, string | undefined>;
  flags: Record<string, string | boolean | string[] | undefined>;
  dataDir: string | undefined;
  json: boolean;
  debug: boolean;
  /** What followed `--` for a command with `rest`; never parsed, never printed. */
  rest: string[];
}

export type ParseOutcome =
  | { kind: 'command'; parsed: ParsedCommand }
  | { kind: 'help'; command: string | null }
  | { kind: 'usage-error'; message: string; command: string | null };

export function parseCliArgs(argv: readonly string[], commands: Readonly<Record<string, CommandSpec>>): ParseOutcome {
  const flags: Record<string, string | boolean | string[] | undefined> = {};
  const positionals: string[] = [];
  let command: string | null = null;
  let endOfFlags = false;
  let rest: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!endOfFlags && arg === '--') {
      if (command !== null && commands[command]?.rest) {
        rest = argv.slice(i + 1);
        break;
      }
      endOfFlags = true;
      continue;
    }
    if (!endOfFlags && arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      const spec = command ? commands[command] : undefined;
      const kind = GLOBAL_FLAGS[name] ?? spec?.flags[name];
      if (!kind) return { kind: 'usage-error', message: `unknown option --${name}`, command };
      if (kind === 'boolean') {
        if (eq !== -1) return { kind: 'usage-error', message: `--${name} takes no value`, command };
        flags[name] = true;
        continue;
      }
      let value: string | undefined;
      if (eq !== -1) value = arg.slice(eq + 1);
      else {
        value = argv[i + 1];
        i++;
      }
      if (value === undefined) return { kind: 'usage-error', message: `--${name} needs a value`, command };
      if (kind === 'strings') {
        const list = (flags[name] as string[] | undefined) ?? [];
        list.push(value);
        flags[name] = list;
      } else {
        flags[name] = value;
      }
      continue;
    }
    if (command === null) {
      if (!endOfFlags && arg === '-h') return { kind: 'help', command: null };
      if (!Object.prototype.hasOwnProperty.call(commands, arg)) {
        return { kind: 'usage-error', message: `unknown command '${arg}'`, command: null };
      }
      command = arg;
    } else {
      positionals.push(arg);
    }
  }

  if (flags.help === true) return { kind: 'help', command };
  if (command === null) return { kind: 'usage-error', message: 'no command given', command: null };
  const spec = commands[command] as CommandSpec;
  const named: Record<string, string | undefined> = {};
  const required = spec.positionals.filter((p) => !p.endsWith('?')).length;
  if (positionals.length < required) {
    const missing = spec.positionals[positionals.length] ?? '';
    return { kind: 'usage-error', message: `missing ${missing.replace('?', '')}`, command };
  }
  if (positionals.length > spec.positionals.length) {
    return { kind: 'usage-error', message: `unexpected argument '${positionals[spec.positionals.length] ?? ''}'`, command };
  }
  spec.positionals.forEach((name, index) => {
    named[name.replace('?', '')] = positionals[index];
  });
  const dataDir = flags['data-dir'];
  // `--data-dir "$DIR"` with DIR unset must not fall back to the device's own store.
  if (dataDir === '') return { kind: 'usage-error', message: '--data-dir needs a folder; it was given an empty one', command };
  return {
    kind: 'command',
    parsed: {
      command,
      positionals: named,
      flags,
      dataDir: typeof dataDir === 'string' ? dataDir : undefined,
      json: flags.json === true,
      debug: flags.debug === true,
      rest,
    },
  };
}
