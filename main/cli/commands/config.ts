/** `config get [KEY]` / `config set KEY VALUE` (CLI.md): device settings. */
import { CONFIG_KEYS, type ConfigKey } from '../../../app/main-channels';
import { printJson, type CliContext } from '../context';
import { UsageError } from '../purpose-arg';

export async function runConfig({ service, args, io }: CliContext): Promise<number> {
  const action = args.positionals.action;
  const key = args.positionals.key;
  if (key !== undefined && !isConfigKey(key)) throw new UsageError(`unknown setting '${key}': use one of ${CONFIG_KEYS.join(', ')}`);
  if (action === 'get') {
    if (args.positionals.value !== undefined || args.positionals.level !== undefined) throw new UsageError('config get takes at most a KEY');
    const settings = await service.call('configGet', {}, { actor: 'cli' });
    const value = key ? settings[key] : settings;
    if (args.json) printJson(io, key ? { [key]: value } : value);
    else if (key) io.out(`${formatValue(value)}\n`);
    else io.out(`${CONFIG_KEYS.map((k) => `${k} = ${formatValue(settings[k])}`).join('\n')}\n`);
    return 0;
  }
  if (action === 'set') {
    if (!key || args.positionals.value === undefined) throw new UsageError('usage: config set KEY VALUE');
    // trustLevel and revocation are per purpose (issue 16): `config set trustLevel|revocation PURPOSE VALUE`.
    const level = args.positionals.level;
    const perPurpose = key === 'trustLevel' || key === 'revocation';
    if (perPurpose !== (level !== undefined)) throw new UsageError(perPurpose ? PER_PURPOSE_USAGE[key] : `unexpected argument '${level ?? ''}'`);
    const value = level === undefined ? args.positionals.value : `${args.positionals.value} ${level}`;
    const settings = await service.call('configSet', { key, value }, { actor: 'cli' });
    if (args.json) printJson(io, { [key]: settings[key] });
    else io.out(`${key} = ${formatValue(settings[key])}\n`);
    return 0;
  }
  throw new UsageError(`config takes get or set, not '${action ?? ''}'`);
}

function isConfigKey(key: string): key is ConfigKey {
  return (CONFIG_KEYS as readonly string[]).includes(key);
}

const PER_PURPOSE_USAGE = {
  trustLevel: 'usage: config set trustLevel PURPOSE both|pins-only|anchors-only',
  revocation: 'usage: config set revocation PURPOSE off|soft|hard',
} as const;

function formatValue(value: unknown): string {
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
