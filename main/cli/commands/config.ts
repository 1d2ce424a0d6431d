/** `config get [KEY]` / `config set KEY VALUE` (CLI.md): device settings. */
import { isSettingKey, readSettings, SETTING_KEYS } from '../../core/settings/settings';
import { printJson, type CliContext } from '../context';
import { UsageError } from '../purpose-arg';

export async function runConfig({ service, args, io }: CliContext): Promise<number> {
  const action = args.positionals.action;
  const key = args.positionals.key;
  const dataDir = service.context.dataDir;
  if (key !== undefined && !isSettingKey(key)) throw new UsageError(`unknown setting '${key}': use one of ${SETTING_KEYS.join(', ')}`);
  if (action === 'get') {
    if (args.positionals.value !== undefined || args.positionals.level !== undefined) throw new UsageError('config get takes at most a KEY');
    const settings = await readSettings(dataDir);
    const value = key ? settings[key] : settings;
    if (args.json) printJson(io, key ? { [key]: value } : value);
    else if (key) io.out(`${formatValue(value)}\n`);
    else io.out(`${SETTING_KEYS.map((k) => `${k} = ${formatValue(settings[k])}`).join('\n')}\n`);
    return 0;
  }
  if (action === 'set') {
    if (!key || args.positionals.value === undefined) throw new UsageError('usage: config set KEY VALUE');
    // trustLevel and revocation are per purpose (issue 16): `config set trustLevel|revocation PURPOSE VALUE`.
    const level = args.positionals.level;
    const perPurpose = key === 'trustLevel' || key === 'revocation';
    if (perPurpose !== (level !== undefined)) throw new UsageError(perPurpose ? PER_PURPOSE_USAGE[key] : `unexpected argument '${level ?? ''}'`);
    const settings = await service.extensions.setSetting(key, level === undefined ? args.positionals.value : `${args.positionals.value} ${level}`, 'cli');
    if (args.json) printJson(io, { [key]: settings[key] });
    else io.out(`${key} = ${formatValue(settings[key])}\n`);
    return 0;
  }
  throw new UsageError(`config takes get or set, not '${action ?? ''}'`);
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
