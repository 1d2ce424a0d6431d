import { describe, expect, it } from 'vitest';
import { isIsoTime, parseIsoTime } from './verify-channels';

describe('verify --at times', () => {
  it('reads a day as 00:00 UTC, a time without a zone as UTC, and honours a zone', () => {
    expect(parseIsoTime('2027-01-31').toISOString()).toBe('2027-01-31T00:00:00.000Z');
    expect(parseIsoTime('2027-01-31T12:00').toISOString()).toBe('2027-01-31T12:00:00.000Z');
    expect(parseIsoTime('2027-01-31 12:00:05').toISOString()).toBe('2027-01-31T12:00:05.000Z');
    expect(parseIsoTime('2027-01-31T12:00:00+03:00').toISOString()).toBe('2027-01-31T09:00:00.000Z');
    expect(parseIsoTime('2027-01-31 12:00+03:00').toISOString()).toBe('2027-01-31T09:00:00.000Z');
    expect(parseIsoTime('2027-01-31T12:00:00.5Z').toISOString()).toBe('2027-01-31T12:00:00.500Z');
  });

  it('refuses what is not ISO 8601 or not a real day', () => {
    for (const bad of ['tomorrow', '2027-13-01', '2027-02-30T00:00Z', '31.01.2027', '2027-01-31T25:00', '']) expect(isIsoTime(bad)).toBe(false);
  });
});
