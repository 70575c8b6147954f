// Parsing of the numeric options (seconds, counts) with errors worded in the registry.
import { usageErrorFrom } from '../report/diagnostics/errors.js';
import type { DiagnosticId } from '../report/diagnostics/index.js';

/** A number of seconds (fractions allowed) as milliseconds; `fallback` when the option is absent. */
export function secondsOption(value: unknown, flag: string, fallback: number | undefined, example: string): number | undefined {
  if (value === undefined) return fallback === undefined ? undefined : fallback * 1000;
  const text = String(value).trim();
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(n) || n > 86_400 * 31) throw usageErrorFrom('api.option.seconds', { flag, value: text, example });
  return Math.round(n * 1000);
}

export function positiveIntOption(value: unknown, id: DiagnosticId): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (!/^\d+$/.test(text) || Number(text) < 1) throw usageErrorFrom(id, { value: text });
  return Number(text);
}
