// The history filters as history and replay read them: from the parsed options to the request body,
// with a filter the rules refuse turned into a usage error (exit 2) worded by the registry.
import { buildHistoryRequest, HistoryInputError, type BuiltHistoryRequest, type HistoryFilters } from '../../api/history.js';
import type { ApiEnvironment } from '../../api/endpoints.js';
import { usageErrorFrom } from '../../report/diagnostics/errors.js';
import type { HistoryFilterOptions } from '../options/index.js';
import { diagnostic } from '../../report/diagnostics/index.js';
import type { CommandOutput } from '../context.js';

/** The filters the options give (absent ones left out). */
export function historyFiltersFrom(o: HistoryFilterOptions): HistoryFilters {
  const filters: HistoryFilters = {};
  for (const key of ['since', 'until', 'type', 'subtype', 'transactionId'] as const) {
    if (o[key] !== undefined) filters[key] = o[key];
  }
  if (o.onlyFailures) filters.onlyFailures = true;
  return filters;
}

/**
 * The request body for the filters, checked. Without an environment (credentials not read yet) every
 * rule but the window is checked, so filter errors come before credential errors.
 */
export function historyRequestFor(filters: HistoryFilters, environment: ApiEnvironment | undefined): BuiltHistoryRequest {
  try {
    return buildHistoryRequest(filters, environment, Date.now());
  } catch (err) {
    if (err instanceof HistoryInputError) throw usageErrorFrom(err.id, err.vars);
    throw err;
  }
}

/** What the request check found worth saying (an unknown type, a start moved inside the window), on stderr. */
export function showRequestNotes(out: CommandOutput, built: BuiltHistoryRequest): void {
  for (const n of built.notes) {
    const d = diagnostic(n.id, n.vars);
    if (d.severity === 'warn') out.warn(d.title);
    else out.note(d.title);
  }
}
