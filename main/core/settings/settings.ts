/**
 * Device settings (CLI.md `config`): the log server, the expiring threshold and
 * the removable-media folders, kept in `<data>/config.json`.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseHostPort as parseAddress } from '../../../app/host-name';
import { ThinCertError } from '../errors';
import { readFileIfExists, writeFileDurable, withDirLock } from '../store/durable-file';
import { DEFAULT_MEDIA_DIRS } from '../certificates/media';
import { EXPIRING_DAYS } from '../trust/validity';
import { DEFAULT_REVOCATION, revocationModesFrom, type RevocationMode, type RevocationModes } from '../revocation/modes';
import type { Purpose } from '../../../app/purposes';
import { DEFAULT_TRUST_LEVELS, trustLevelsFrom, type TrustLevel, type TrustLevels } from '../trust/trust-level';

export interface Settings {
  logServer: string | null;
  expiringDays: number;
  mediaDirs: string[];
  /** Issue 16 §3: what may make a server trusted, per purpose (trust-level.ts). */
  trustLevel: TrustLevels;
  /** Issue 16 §2: revocation checking per purpose (revocation/modes.ts). */
  revocation: RevocationModes;
}

export const SETTING_KEYS = ['logServer', 'expiringDays', 'mediaDirs', 'trustLevel', 'revocation'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export const DEFAULT_SETTINGS: Settings = { logServer: null, expiringDays: EXPIRING_DAYS, mediaDirs: DEFAULT_MEDIA_DIRS, trustLevel: DEFAULT_TRUST_LEVELS, revocation: DEFAULT_REVOCATION };

export function isSettingKey(key: string): key is SettingKey {
  return (SETTING_KEYS as readonly string[]).includes(key);
}

/** `HOST:PORT` with a DNS name, IPv4 or [IPv6]; `none` clears it. */
export function parseHostPort(text: string): { host: string; port: number } | null {
  // The host rules are app/host-name.ts's, the same the CLI and every channel apply.
  const parsed = parseAddress(text.trim());
  return parsed.ok && parsed.port !== undefined ? { host: parsed.host, port: parsed.port } : null;
}

/** Validates a value typed by a person and returns what is stored. */
export function parseSettingValue(key: SettingKey, raw: string): Settings[SettingKey] {
  switch (key) {
    case 'logServer': {
      if (raw.trim().toLowerCase() === 'none') return null;
      if (!parseHostPort(raw)) throw new ThinCertError('setting-invalid', `logServer must be HOST:PORT (e.g. logs.example.org:6514) or none, not '${raw}'.`, { key, value: raw });
      return raw.trim();
    }
    case 'expiringDays': {
      const days = Number(raw);
      if (!Number.isInteger(days) || days < 0 || days > 3650) throw new ThinCertError('setting-invalid', `expiringDays must be a whole number of days from 0 to 3650, not '${raw}'.`, { key, value: raw });
      return days;
    }
    case 'mediaDirs': {
      const dirs = raw.split(/[,:]/).map((d) => d.trim()).filter(Boolean);
      if (dirs.length === 0 || dirs.some((d) => !path.isAbsolute(d))) throw new ThinCertError('setting-invalid', 'mediaDirs must be absolute folders separated by commas.', { key, value: raw });
      return dirs;
    }
    case 'trustLevel':
      // Set per purpose through writeTrustLevel, which merges under the lock.
      throw new ThinCertError('setting-invalid', 'trustLevel is set per purpose: config set trustLevel PURPOSE LEVEL.', { key, value: raw });
    case 'revocation':
      // Set per purpose through writeRevocation, which merges under the lock.
      throw new ThinCertError('setting-invalid', 'revocation is set per purpose: config set revocation PURPOSE off|soft|hard.', { key, value: raw });
  }
}

export function settingsFile(dataDir: string): string {
  return path.join(dataDir, 'config.json');
}

export async function readSettings(dataDir: string): Promise<Settings> {
  const bytes = await readFileIfExists(settingsFile(dataDir));
  if (!bytes) return { ...DEFAULT_SETTINGS };
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ThinCertError('config-damaged', `The settings file ${settingsFile(dataDir)} is damaged; fix or remove it.`, { path: settingsFile(dataDir) });
  }
  const settings = { ...DEFAULT_SETTINGS };
  if (typeof raw === 'object' && raw !== null) {
    const r = raw as Record<string, unknown>;
    if (typeof r.logServer === 'string' || r.logServer === null) settings.logServer = r.logServer;
    if (typeof r.expiringDays === 'number') settings.expiringDays = r.expiringDays;
    if (Array.isArray(r.mediaDirs) && r.mediaDirs.every((d) => typeof d === 'string')) settings.mediaDirs = r.mediaDirs as string[];
    settings.trustLevel = trustLevelsFrom(r.trustLevel);
    settings.revocation = revocationModesFrom(r.revocation);
  }
  return settings;
}

export async function writeSetting<K extends SettingKey>(dataDir: string, key: K, value: Settings[K]): Promise<Settings> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  return withDirLock(dataDir, async () => {
    const settings = { ...(await readSettings(dataDir)), [key]: value };
    await writeFileDurable(settingsFile(dataDir), `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
    return settings;
  });
}

/** One purpose's trust level, merged into the freshest file under the lock (another purpose set meanwhile is kept). */
export async function writeTrustLevel(dataDir: string, purpose: Purpose, level: TrustLevel): Promise<Settings> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  return withDirLock(dataDir, async () => {
    const current = await readSettings(dataDir);
    const settings = { ...current, trustLevel: { ...current.trustLevel, [purpose]: level } };
    await writeFileDurable(settingsFile(dataDir), `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
    return settings;
  });
}

/** One purpose's revocation mode, merged into the freshest file under the lock. */
export async function writeRevocation(dataDir: string, purpose: Purpose, mode: RevocationMode): Promise<Settings> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  return withDirLock(dataDir, async () => {
    const current = await readSettings(dataDir);
    const settings = { ...current, revocation: { ...current.revocation, [purpose]: mode } };
    await writeFileDurable(settingsFile(dataDir), `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
    return settings;
  });
}
