/**
 * ThinCertError is typed by app/error-codes.ts: the `@ts-expect-error` lines
 * are the test that matters, checked by `tsc` (a code not in the list, or a
 * parameter of the wrong name or type, does not compile); the rest checks what
 * a refusal carries across a boundary.
 */
import { describe, expect, it } from 'vitest';
import { ThinCertError } from './errors';

describe('ThinCertError', () => {
  it('takes only codes of the list, each with its own parameters', () => {
    const refusals = [
      new ThinCertError('locked-out', 'Too many wrong codes.', { lockedUntil: '2026-11-30T10:00:00.000Z' }, 4),
      new ThinCertError('code-wrong', 'Wrong.', { attemptsLeft: 3 }),
      new ThinCertError('not-enrolled', 'Not enrolled.'),
      // @ts-expect-error a code that is not in app/error-codes.ts
      new ThinCertError('no-such-code', 'x'),
      // @ts-expect-error the lock time is `lockedUntil`, whatever the code
      new ThinCertError('locked-out', 'x', { until: '2026-11-30T10:00:00.000Z' }),
      // @ts-expect-error `managed` names the administrator, not the setting
      new ThinCertError('managed', 'x', { key: 'logServer' }),
      // @ts-expect-error a code with parameters needs them
      new ThinCertError('server-refused', 'x'),
      // @ts-expect-error a parameter of the wrong type
      new ThinCertError('server-refused', 'x', { status: '401' }),
    ];
    expect(refusals.map((r) => r.code)).toEqual(['locked-out', 'code-wrong', 'not-enrolled', 'no-such-code', 'locked-out', 'managed', 'server-refused', 'server-refused']);
  });

  it('crosses a boundary as code, message and params, with params left out when it has none', () => {
    expect(new ThinCertError('locked-out', 'Too many wrong codes.', { lockedUntil: '2026-11-30T10:00:00.000Z' }, 4).toShape()).toEqual({
      code: 'locked-out',
      message: 'Too many wrong codes.',
      params: { lockedUntil: '2026-11-30T10:00:00.000Z' },
    });
    expect(new ThinCertError('not-enrolled', 'Not enrolled.').toShape()).toEqual({ code: 'not-enrolled', message: 'Not enrolled.' });
    expect(new ThinCertError('locked-out', 'x', { lockedUntil: 'y' }, 4).exitCode).toBe(4);
  });
});
