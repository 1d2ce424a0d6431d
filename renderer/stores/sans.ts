import * as v from 'valibot';
import type { ErrorShape } from '../../app/errors';
import { SanSchema } from '../../app/identity';

/**
 * "DNS:a, IP:10.0.0.5" or one per line → the entries, each checked with the
 * contract's rule here, so a typo is answered in the operator's language
 * instead of as a schema refusal of the whole request.
 */
export function parseSans(text: string): { sans: string[]; error: ErrorShape | null } {
  const sans = text.split(/[\s,;]+/).filter((s) => s !== '');
  const bad = sans.find((s) => !v.is(SanSchema, s));
  if (bad !== undefined) return { sans, error: { code: 'san-invalid', message: `“${bad}” is not DNS:name or IP:address.`, params: { entry: bad } } };
  return { sans, error: null };
}
