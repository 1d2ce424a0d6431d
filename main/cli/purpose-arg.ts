import { isPurpose, PURPOSES, type Purpose } from '../../app/purposes';

/** A purpose named on the command line; anything else is a usage error (exit 2). */
export class UsageError extends Error {}

export function purposeArg(value: string | undefined): Purpose {
  if (!isPurpose(value)) throw new UsageError(`unknown purpose '${value ?? ''}': use one of ${PURPOSES.join(', ')}`);
  return value;
}

export function requireArg(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing ${name}`);
  return value;
}

