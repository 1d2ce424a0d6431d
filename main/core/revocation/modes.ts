/** Revocation checking per purpose (issue 16 §2): off (the default, as the reference product), soft, hard. */
import { PURPOSES, type Purpose } from '../../../app/purposes';
import { ThinCertError } from '../errors';

export const REVOCATION_MODES = ['off', 'soft', 'hard'] as const;
export type RevocationMode = (typeof REVOCATION_MODES)[number];
export type RevocationModes = Readonly<Record<Purpose, RevocationMode>>;

export const DEFAULT_REVOCATION: RevocationModes = { ksc: 'off', rdp: 'off', broker: 'off', logServer: 'off' };

export function isRevocationMode(value: unknown): value is RevocationMode {
  return typeof value === 'string' && (REVOCATION_MODES as readonly string[]).includes(value);
}

/** `PURPOSE MODE` as `config set revocation` takes it. */
export function parseRevocationSetting(raw: string): { purpose: Purpose; mode: RevocationMode } {
  const [purpose = '', mode = '', extra] = raw.trim().split(/\s+/);
  if (extra !== undefined || !(PURPOSES as readonly string[]).includes(purpose) || !isRevocationMode(mode)) {
    throw new ThinCertError(
      'setting-invalid',
      `revocation takes a purpose (${PURPOSES.join(', ')}) and a mode (${REVOCATION_MODES.join(', ')}), not '${raw}'.`,
      { key: 'revocation', value: raw },
    );
  }
  return { purpose: purpose as Purpose, mode };
}

/** Modes as read from a file: anything unknown stays at the default (off) rather than guessed. */
export function revocationModesFrom(raw: unknown): RevocationModes {
  const modes = { ...DEFAULT_REVOCATION };
  if (typeof raw !== 'object' || raw === null) return modes;
  for (const purpose of PURPOSES) {
    const mode = (raw as Record<string, unknown>)[purpose];
    if (isRevocationMode(mode)) modes[purpose] = mode;
  }
  return modes;
}
