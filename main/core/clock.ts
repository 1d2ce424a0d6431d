/** The one source of "now" in main, so tests (and the bench) can set it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock fixed at an instant, or at the instant named by THINCERT_NOW (ISO 8601) for CLI tests. */
export function fixedClock(at: Date): Clock {
  return { now: () => new Date(at.getTime()) };
}

export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const pinned = env.THINCERT_NOW;
  if (pinned) {
    const at = new Date(pinned);
    if (!Number.isNaN(at.getTime())) return fixedClock(at);
  }
  return systemClock;
}
