// Relative ages precise enough to read (issue 11) and dates that never throw (issue 10 point 6).
import { describe, expect, it } from 'vitest';
import { isoDate, isoDateOrUndefined, isoWithAge, isValidDateMs, relativeTime } from '../../src/report/format.js';

const now = Date.parse('2026-11-26T00:00:00Z');
const at = (iso: string) => relativeTime(Date.parse(iso), now);

describe('relativeTime', () => {
  it('names the largest calendar unit and the one below it', () => {
    // 22 months: was "1 year ago".
    expect(at('2025-01-20T00:00:00Z')).toBe('1 year 10 months ago');
    expect(at('2025-10-02T07:06:16.941Z')).toBe('1 year 1 month ago');
    expect(at('2026-01-31T00:00:00Z')).toBe('9 months 26 days ago');
    expect(at('2026-11-22T21:00:00Z')).toBe('3 days 3 hours ago');
    expect(at('2026-11-25T21:30:00Z')).toBe('2 hours 30 minutes ago');
    expect(at('2027-01-27T05:00:00Z')).toBe('in 2 months 1 day');
  });
  it('leaves out a zero second unit, and says "just now" under a second', () => {
    expect(at('2024-11-26T00:00:00Z')).toBe('2 years ago');
    expect(at('2026-10-26T00:00:00Z')).toBe('1 month ago');
    expect(relativeTime(now - 3 * 86_400_000, now)).toBe('3 days ago');
    expect(relativeTime(now + 2 * 3_600_000, now)).toBe('in 2 hours');
    expect(relativeTime(now - 400, now)).toBe('just now');
  });
  it('counts calendar months, clamping the day (Jan 31 + 1 month is the end of February)', () => {
    expect(relativeTime(Date.parse('2024-01-31T00:00:00Z'), Date.parse('2024-02-29T00:00:00Z'))).toBe('1 month ago');
    expect(relativeTime(Date.parse('2024-01-31T00:00:00Z'), Date.parse('2024-03-01T00:00:00Z'))).toBe('1 month 1 day ago');
    // Years 0-99 are not read as 1900-1999.
    expect(relativeTime(Date.parse('0050-06-01T00:00:00Z'), Date.parse('0051-07-01T00:00:00Z'))).toBe('1 year 1 month ago');
  });
});

describe('dates from any number never throw', () => {
  it.each([1e308, -1e20, 8.64e15 + 1, Number.NaN, Number.POSITIVE_INFINITY])('%s', (n) => {
    expect(isValidDateMs(n)).toBe(false);
    expect(isoDate(n)).toBe(`invalid date (${String(n)})`);
    expect(isoWithAge(n, now)).toBe(`${String(n)} (not a valid date)`);
    expect(relativeTime(n, now)).toBe('not a valid date');
    expect(isoDateOrUndefined(n)).toBeUndefined();
  });
  it('keeps the ends of the range and Date objects', () => {
    expect(isoDate(8.64e15)).toBe('+275760-09-13T00:00:00.000Z');
    expect(isoDate(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(isoDate(new Date(Number.NaN))).toBe('invalid date (NaN)');
    expect(isoWithAge(Date.parse('2025-01-20T00:00:00Z'), now)).toBe('2025-01-20T00:00:00.000Z (1 year 10 months ago)');
  });
});
