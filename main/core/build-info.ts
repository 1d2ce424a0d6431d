/**
 * When this build was made. A thin client without an RTC battery boots in 1970
 * or some other past: a clock earlier than the build date is certainly wrong
 * (issue 5, `clock-wrong`). esbuild replaces the constant at build time; under
 * tests it falls back to the date below.
 */
declare const __THINCERT_BUILD_DATE__: string | undefined;

const FALLBACK_BUILD_DATE = '2026-11-01T00:00:00Z';

export const BUILD_DATE: Date = new Date(
  typeof __THINCERT_BUILD_DATE__ === 'string' ? __THINCERT_BUILD_DATE__ : FALLBACK_BUILD_DATE,
);
