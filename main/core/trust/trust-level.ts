/**
 * What may make a server trusted for a purpose (issue 16 §3, as the locked
 * verification levels of Dell ThinOS and Horizon): `both` (pins and anchors,
 * the default), `pins-only` (an authority is not enough: every server must be
 * pinned) or `anchors-only` (a pin is not enough: the chain must reach a
 * stored authority and name the server).
 */
import { PURPOSES, type Purpose } from '../../../app/purposes';
import { ThinCertError } from '../errors';

export const TRUST_LEVELS = ['both', 'pins-only', 'anchors-only'] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];
export type TrustLevels = Readonly<Record<Purpose, TrustLevel>>;

export const DEFAULT_TRUST_LEVELS: TrustLevels = { ksc: 'both', rdp: 'both', broker: 'both', logServer: 'both' };

export function isTrustLevel(value: unknown): value is TrustLevel {
  return typeof value === 'string' && (TRUST_LEVELS as readonly string[]).includes(value);
}

/** `PURPOSE LEVEL` as `config set trustLevel` takes it. */
export function parseTrustLevelSetting(raw: string): { purpose: Purpose; level: TrustLevel } {
  const [purpose = '', level = '', extra] = raw.trim().split(/\s+/);
  if (extra !== undefined || !(PURPOSES as readonly string[]).includes(purpose) || !isTrustLevel(level)) {
    throw new ThinCertError(
      'setting-invalid',
      `trustLevel takes a purpose (${PURPOSES.join(', ')}) and a level (${TRUST_LEVELS.join(', ')}), not '${raw}'.`,
      { key: 'trustLevel', value: raw },
    );
  }
  return { purpose: purpose as Purpose, level };
}

/** Levels as read from a file: anything unknown is left at the default rather than guessed. */
export function trustLevelsFrom(raw: unknown): TrustLevels {
  const levels = { ...DEFAULT_TRUST_LEVELS };
  if (typeof raw !== 'object' || raw === null) return levels;
  for (const purpose of PURPOSES) {
    const level = (raw as Record<string, unknown>)[purpose];
    if (isTrustLevel(level)) levels[purpose] = level;
  }
  return levels;
}
