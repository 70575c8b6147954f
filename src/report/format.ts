// Small formatting helpers shared by renderers. Every number that becomes a date on screen goes through
// `isoDate` or `isoWithAge`: a payload may carry any number (1e308, -1e20), and `new Date(x).toISOString()`
// throws "Invalid time value" outside ±8.64e15 ms; here such a value is shown as invalid, with the number.

/** The largest |ms| a JavaScript Date holds (±100,000,000 days around 1970). */
const MAX_DATE_MS = 8.64e15;

/** True when `ms` is a number a Date can hold. */
export function isValidDateMs(ms: unknown): ms is number {
  return typeof ms === 'number' && Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;
}

/** `2025-10-02T07:06:16.941Z`, or `invalid date (1e+308)` for a value no date can hold. Never throws. */
export function isoDate(value: number | Date): string {
  const ms = value instanceof Date ? value.getTime() : value;
  return isValidDateMs(ms) ? new Date(ms).toISOString() : `invalid date (${String(ms)})`;
}

/** The ISO form, or undefined for a value no date can hold (for --json fields that add an ISO copy). */
export function isoDateOrUndefined(ms: unknown): string | undefined {
  return isValidDateMs(ms) ? new Date(ms).toISOString() : undefined;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "1 year 10 months ago" / "in 3 days 4 hours" relative to `now`: the largest calendar unit and the one
 * below it, so 22 months reads as 1 year 10 months, not "1 year". Years and months are calendar months
 * (UTC), so the same day of a later month is a whole number of months.
 */
export function relativeTime(ms: number, now = Date.now()): string {
  if (!isValidDateMs(ms) || !isValidDateMs(now)) return 'not a valid date';
  const diff = ms - now;
  if (Math.abs(diff) < SECOND) return 'just now';
  const [from, to] = diff < 0 ? [ms, now] : [now, ms];
  const parts = spanParts(from, to);
  const label = parts.slice(0, 2).join(' ');
  return diff < 0 ? `${label} ago` : `in ${label}`;
}

/** The non-zero units between two instants, largest first, starting at the largest non-zero unit. */
function spanParts(from: number, to: number): string[] {
  const months = wholeMonths(from, to);
  const rest = to - addMonths(from, months);
  const units: [number, string][] = [
    [Math.floor(months / 12), 'year'],
    [months % 12, 'month'],
    [Math.floor(rest / DAY), 'day'],
    [Math.floor((rest % DAY) / HOUR), 'hour'],
    [Math.floor((rest % HOUR) / MINUTE), 'minute'],
    [Math.floor((rest % MINUTE) / SECOND), 'second'],
  ];
  const first = units.findIndex(([n]) => n > 0);
  // Only at the very edge of the date range does month arithmetic leave it: count days there.
  if (first < 0) return [plural(Math.floor((to - from) / DAY), 'day')];
  // The unit below the largest is shown when it is not zero ("2 years", not "2 years 0 months").
  return units
    .slice(first, first + 2)
    .filter(([n], i) => i === 0 || n > 0)
    .map(([n, name]) => `${n} ${name}${n === 1 ? '' : 's'}`);
}

/** Whole calendar months from `from` to `to` (to >= from). */
function wholeMonths(from: number, to: number): number {
  const a = new Date(from);
  const b = new Date(to);
  let months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  if (months > 0 && addMonths(from, months) > to) months--;
  return Math.max(0, months);
}

/** `ms` moved by whole calendar months, the day clamped to the target month's length (Jan 31 + 1 = Feb 28/29). */
function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(d.getUTCFullYear(), d.getUTCMonth() + months + 1, 0);
  const moved = new Date(ms);
  moved.setUTCFullYear(d.getUTCFullYear(), d.getUTCMonth() + months, Math.min(d.getUTCDate(), lastDay.getUTCDate()));
  return moved.getTime();
}

/**
 * ISO 8601 with a relative age, e.g. `2025-10-02T07:06:16.941Z (1 year 1 month ago)`; a number no date can
 * hold reads `1e+308 (not a valid date)`. Never throws.
 */
export function isoWithAge(ms: number, now = Date.now()): string {
  if (!isValidDateMs(ms)) return `${String(ms)} (not a valid date)`;
  return `${new Date(ms).toISOString()} (${relativeTime(ms, now)})`;
}

export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}
