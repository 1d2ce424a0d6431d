import { describe, expect, it, vi } from 'vitest';

// §4.5 asks for a constant-time comparison; the way to know is that the
// comparison goes through crypto.timingSafeEqual, so the test watches it.
const watched = vi.hoisted(() => ({ calls: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return {
    ...original,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      watched.calls += 1;
      return original.timingSafeEqual(a, b);
    },
  };
});

const { codesEqual } = await import('./codes');

describe('code comparison', () => {
  it('goes through crypto.timingSafeEqual for both a match and a mismatch', () => {
    const before = watched.calls;
    expect(codesEqual('52416566', '52416566')).toBe(true);
    expect(codesEqual('52416566', '52416567')).toBe(false);
    expect(watched.calls - before).toBe(2);
  });
});
