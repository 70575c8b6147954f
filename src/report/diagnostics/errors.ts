// Typed errors whose wording comes from the diagnostics registry: the registry id becomes the
// error code, the entry's title the message and its fix the fix.
import { CouldNotFinishError, ProblemError, UsageError, type ErrorDetails } from '../../errors.js';
import { diagnostic } from './index.js';
import type { DiagnosticVars } from './types.js';

function detailsFrom(id: string, vars: DiagnosticVars, cause?: unknown): ErrorDetails {
  const d = diagnostic(id, vars);
  return {
    code: id,
    message: d.title,
    ...(d.fix === undefined ? {} : { fix: d.fix }),
    ...(cause === undefined ? {} : { cause }),
  };
}

/** Bad flag, argument or input (exit 2), worded by registry entry `id`. */
export function usageErrorFrom(id: string, vars: DiagnosticVars = {}, cause?: unknown): UsageError {
  return new UsageError(detailsFrom(id, vars, cause));
}

/** A problem found that stops the command (exit 1), worded by registry entry `id`. */
export function problemErrorFrom(id: string, vars: DiagnosticVars = {}, cause?: unknown): ProblemError {
  return new ProblemError(detailsFrom(id, vars, cause));
}

/** Network failure or timeout (exit 3), worded by registry entry `id`. */
export function couldNotFinishErrorFrom(id: string, vars: DiagnosticVars = {}, cause?: unknown): CouldNotFinishError {
  return new CouldNotFinishError(detailsFrom(id, vars, cause));
}
