// One reading of a duration for every place that takes one: option values (--timeout 15s), history's
// window (--since 7d), the emulator's rate limits (test=2/10s). Pure and light: define modules use it.

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
export type DurationUnit = keyof typeof UNIT_MS;

/**
 * `1500ms`, `15s`, `90m`, `24h`, `7d`, `2w` (a fraction is fine: `1.5h`; case and a space before the
 * unit do not matter) as whole milliseconds; undefined when the text is not a number with one of these units.
 */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/i.exec(text.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNIT_MS[m[2]!.toLowerCase() as DurationUnit]);
}

/** A bare decimal number (`10`, `2.5`), the form a value in seconds takes without a unit. */
export function parseBareNumber(text: string): number | undefined {
  const t = text.trim();
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : undefined;
}
