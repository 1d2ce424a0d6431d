/**
 * Errors made outside main are typed by the same list as ThinCertError: the
 * `@ts-expect-error` lines are checked by `tsc`, the rest is what crosses.
 */
import { describe, expect, it } from 'vitest';
import { refusal } from './errors';

describe('refusal', () => {
  it('takes only codes of the list, each with its own parameters, and leaves out params it has none of', () => {
    expect(refusal('host-missing', 'Enter the server name or address.')).toEqual({ code: 'host-missing', message: 'Enter the server name or address.' });
    expect(refusal('paste-too-large', 'Too large.', { size: 2, limit: 1 })).toEqual({ code: 'paste-too-large', message: 'Too large.', params: { size: 2, limit: 1 } });
    // @ts-expect-error a code that is not in app/error-codes.ts
    expect(refusal('internal-error', 'x').code).toBe('internal-error');
    // @ts-expect-error a code with parameters needs them
    expect(refusal('bad-line', 'x').code).toBe('bad-line');
  });
});
