// Parsing of the numeric options (seconds, counts) with errors worded in the registry.
import { UsageError } from '../errors.js';
import { diagnostic, type DiagnosticVars } from '../report/diagnostics/index.js';

export function usageError(id: string, vars: DiagnosticVars): UsageError {
  const d = diagnostic(id, vars);
  return new UsageError({ code: id, message: d.title, ...(d.fix ? { fix: d.fix } : {}) });
}

/** A number of seconds (fractions allowed) as milliseconds; `fallback` when the option is absent. */
export function secondsOption(value: unknown, flag: string, fallback: number | undefined, example: string): number | undefined {
  if (value === undefined) return fallback === undefined ? undefined : fallback * 1000;
  const text = String(value).trim();
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(n) || n > 86_400 * 31) throw usageError('api.option.seconds', { flag, value: text, example });
  return Math.round(n * 1000);
}

export function positiveIntOption(value: unknown, id: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (!/^\d+$/.test(text) || Number(text) < 1) throw usageError(id, { value: text });
  return Number(text);
}
