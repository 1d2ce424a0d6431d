import { describe, expect, it } from 'vitest';
import { attemptsLeft, lockDurationMs, lockedUntil, NO_ATTEMPTS, recordCorrect, recordWrong, settle, type Attempts } from './lockout';
import { normaliseCode } from './codes';

/** A test clock the test moves by hand. */
function testClock(start = '2026-11-25T10:00:00Z') {
  let at = new Date(start).getTime();
  return {
    now: () => new Date(at),
    advance: (ms: number) => {
      at += ms;
    },
  };
}

function wrongTimes(n: number, clock: ReturnType<typeof testClock>, from: Attempts = NO_ATTEMPTS): Attempts {
  let attempts = from;
  for (let i = 0; i < n; i += 1) attempts = recordWrong(attempts, clock.now());
  return attempts;
}

describe('replacement code attempts (PROTOCOL.md §4.6)', () => {
  it('four wrong codes do not lock', () => {
    const clock = testClock();
    const attempts = wrongTimes(4, clock);
    expect(attempts.failedAttempts).toBe(4);
    expect(lockedUntil(attempts, clock.now())).toBeNull();
    expect(attemptsLeft(attempts)).toBe(1);
  });

  it('the fifth consecutive wrong code locks for 60 s', () => {
    const clock = testClock();
    const attempts = wrongTimes(5, clock);
    expect(lockedUntil(attempts, clock.now())?.toISOString()).toBe('2026-11-25T10:01:00.000Z');
    clock.advance(59_999);
    expect(lockedUntil(attempts, clock.now())).not.toBeNull();
    clock.advance(1);
    expect(lockedUntil(attempts, clock.now())).toBeNull();
  });

  it('each further wrong code doubles the lock up to one hour', () => {
    expect([5, 6, 7, 8, 9, 10, 11, 12, 40].map(lockDurationMs)).toEqual([
      60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
    const clock = testClock();
    let attempts = wrongTimes(5, clock);
    clock.advance(60_000);
    attempts = recordWrong(attempts, clock.now());
    expect(lockedUntil(attempts, clock.now())?.getTime()).toBe(clock.now().getTime() + 120_000);
  });

  it('a correct code resets the counter and the lock', () => {
    const clock = testClock();
    wrongTimes(7, clock);
    expect(recordCorrect()).toEqual({ failedAttempts: 0, lockedUntil: null });
  });

  it('a non-8-digit entry is not an attempt: the caller never reaches recordWrong', () => {
    // The rule lives in the order of operations: normalise first, count only 8 digits.
    expect(normaliseCode('1234567')).toBeNull();
    expect(lockDurationMs(NO_ATTEMPTS.failedAttempts)).toBe(0);
  });

  it('a clock that jumped back does not lock the form for years', () => {
    const clock = testClock('2026-11-25T10:00:00Z');
    const attempts = wrongTimes(5, clock);
    const booted1970 = new Date('1970-01-01T00:00:10Z');
    const until = lockedUntil(attempts, booted1970);
    expect(until?.getTime()).toBe(booted1970.getTime() + 60_000);
    expect(settle(attempts, booted1970).lockedUntil).toBe(until?.toISOString());
  });

  it('leaves a plausible lock alone', () => {
    const clock = testClock();
    const attempts = wrongTimes(6, clock);
    expect(settle(attempts, clock.now())).toBe(attempts);
  });
});
