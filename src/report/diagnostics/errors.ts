// Typed errors whose wording comes from the diagnostics registry: the registry id becomes the
// error code (unless `code` overrides it), the entry's title the message and its fix the fix.
import { CouldNotFinishError, InterruptedError, ProblemError, UsageError, type ErrorDetails } from '../../errors.js';
import { diagnostic, hasDiagnostic, type DiagnosticId } from './index.js';
import type { DiagnosticVars } from './types.js';
import type { UserFileError } from '../../util/user-file.js';

export interface ErrorFromOptions {
  /** A code other than the registry id (commander's parse errors keep commander's case in it). */
  code?: string;
  cause?: unknown;
}

function detailsFrom(id: DiagnosticId, vars: DiagnosticVars, opts: ErrorFromOptions): ErrorDetails {
  const d = diagnostic(id, vars);
  return {
    code: opts.code ?? id,
    message: d.title,
    ...(d.fix === undefined ? {} : { fix: d.fix }),
    ...(opts.cause === undefined ? {} : { cause: opts.cause }),
  };
}

/** Bad flag, argument or input (exit 2), worded by registry entry `id`. */
export function usageErrorFrom(id: DiagnosticId, vars: DiagnosticVars = {}, opts: ErrorFromOptions = {}): UsageError {
  return new UsageError(detailsFrom(id, vars, opts));
}

/** A problem found that stops the command (exit 1), worded by registry entry `id`. */
export function problemErrorFrom(id: DiagnosticId, vars: DiagnosticVars = {}, opts: ErrorFromOptions = {}): ProblemError {
  return new ProblemError(detailsFrom(id, vars, opts));
}

/** Network failure, timeout or anything else that kept the command from finishing (exit 3). */
export function couldNotFinishErrorFrom(id: DiagnosticId, vars: DiagnosticVars = {}, opts: ErrorFromOptions = {}): CouldNotFinishError {
  return new CouldNotFinishError(detailsFrom(id, vars, opts));
}

/** Ctrl-C or an abandoned prompt (exit 130). */
export function interruptedError(): InterruptedError {
  return new InterruptedError(detailsFrom('interrupted', {}, {}));
}

/** Why a write failed, in words, from its errno code (ENOSPC → "the disk is full …"). */
export function notWritableReason(code: string | undefined): string {
  const id = `file.not-writable.${code ?? ''}`;
  return hasDiagnostic(id) ? diagnostic(id).title : diagnostic('file.not-writable.other', { code: code ?? 'unknown error' }).title;
}

/** Why a file the user named could not be read, in plain words ("no such file", not ENOENT). */
export function fileProblemText(err: UserFileError): string {
  const limit = err.limit === undefined ? undefined : `${Math.round((err.limit / 1024 / 1024) * 10) / 10} MB`;
  return diagnostic(`file.${err.problem}`, { code: err.code ?? 'unknown error', limit }).title;
}
