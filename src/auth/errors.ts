// Errors raised by the auth domain take their wording from the diagnostics registry.
import { UsageError } from '../errors.js';
import { diagnostic, type DiagnosticVars } from '../report/diagnostics/index.js';

export function authUsageError(id: string, vars: DiagnosticVars = {}): UsageError {
  const d = diagnostic(id, vars);
  return d.fix === undefined ? new UsageError({ code: id, message: d.title }) : new UsageError({ code: id, message: d.title, fix: d.fix });
}
