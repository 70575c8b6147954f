// Small formatting helpers shared by renderers.

/** "3 days ago" / "in 2 hours" relative to `now`. */
export function relativeTime(ms: number, now = Date.now()): string {
  const diff = ms - now;
  const abs = Math.abs(diff);
  const units: [number, string][] = [
    [365 * 24 * 3600_000, 'year'],
    [30 * 24 * 3600_000, 'month'],
    [24 * 3600_000, 'day'],
    [3600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, name] of units) {
    if (abs >= size) {
      const n = Math.floor(abs / size);
      const label = `${n} ${name}${n === 1 ? '' : 's'}`;
      return diff < 0 ? `${label} ago` : `in ${label}`;
    }
  }
  return 'just now';
}

/** ISO 8601 with a relative age, e.g. `2025-10-02T07:06:16.941Z (1 year ago)`. */
export function isoWithAge(ms: number, now = Date.now()): string {
  if (!Number.isFinite(ms)) return String(ms);
  return `${new Date(ms).toISOString()} (${relativeTime(ms, now)})`;
}

export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}
