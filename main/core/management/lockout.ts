/**
 * Attempt counting for the replacement code form (PROTOCOL.md §4.6), as pure
 * functions of the persisted counters and "now", so the arithmetic is tested
 * with a test clock and the caller owns persistence (the lock survives a
 * restart because the counters live in state.json).
 */

export interface Attempts {
  /** Consecutive wrong codes since the last correct one. */
  failedAttempts: number;
  /** ISO instant until which the form is locked, or null. */
  lockedUntil: string | null;
}

/** §4.6: five consecutive wrong codes lock the form. */
export const FREE_ATTEMPTS = 5;
/** §4.6: the first lock lasts 60 s … */
export const FIRST_LOCK_MS = 60_000;
/** … doubling with every further wrong code, up to 1 h. */
export const MAX_LOCK_MS = 3_600_000;

export const NO_ATTEMPTS: Attempts = { failedAttempts: 0, lockedUntil: null };

/** How long the form locks after `failedAttempts` consecutive wrong codes (0: not locked). */
export function lockDurationMs(failedAttempts: number): number {
  if (failedAttempts < FREE_ATTEMPTS) return 0;
  const doublings = failedAttempts - FREE_ATTEMPTS;
  // 2^6 × 60 s already exceeds the cap; stop before the shift grows without bound.
  if (doublings >= 6) return MAX_LOCK_MS;
  return Math.min(FIRST_LOCK_MS * 2 ** doublings, MAX_LOCK_MS);
}

/**
 * The lock in force at `now`, or null. A thin client without an RTC battery
 * can boot with its clock in the past; a stored lock end further away than
 * the lock could ever last is then clamped to `now + duration`, so a clock
 * that jumped back never locks the form for years (see `settle`).
 */
export function lockedUntil(attempts: Attempts, now: Date): Date | null {
  const settled = settle(attempts, now);
  if (settled.lockedUntil === null) return null;
  const until = new Date(settled.lockedUntil);
  return until.getTime() > now.getTime() ? until : null;
}

/**
 * The counters with an impossible lock end clamped; callers persist the result
 * when it differs so the clamp does not slide forward with the clock.
 */
export function settle(attempts: Attempts, now: Date): Attempts {
  if (attempts.lockedUntil === null) return attempts;
  const until = Date.parse(attempts.lockedUntil);
  const longest = lockDurationMs(Math.max(attempts.failedAttempts, FREE_ATTEMPTS));
  if (Number.isNaN(until)) return { ...attempts, lockedUntil: new Date(now.getTime() + longest).toISOString() };
  if (until - now.getTime() > longest) return { ...attempts, lockedUntil: new Date(now.getTime() + longest).toISOString() };
  return attempts;
}

/** A wrong code entered while unlocked: counted, and from the fifth on the form locks. */
export function recordWrong(attempts: Attempts, now: Date): Attempts {
  const failedAttempts = attempts.failedAttempts + 1;
  const duration = lockDurationMs(failedAttempts);
  return {
    failedAttempts,
    lockedUntil: duration === 0 ? null : new Date(now.getTime() + duration).toISOString(),
  };
}

/** A correct code resets everything (§4.6). */
export function recordCorrect(): Attempts {
  return { ...NO_ATTEMPTS };
}

/** Wrong codes left before the next one locks the form (0 once locking has begun). */
export function attemptsLeft(attempts: Attempts): number {
  return Math.max(FREE_ATTEMPTS - attempts.failedAttempts, 0);
}
