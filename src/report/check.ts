// The one result model for checks, shared by decode, check-url, token inspect, doctor and send-test.
import type { SendAttemptResult } from '../apple/send-attempt-result.js';
import { diagnostic, type DiagnosticId, type DiagnosticVars } from './diagnostics/index.js';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'info' | 'skip';

export interface Check {
  /** Stable id, also the diagnostics registry key, e.g. `tls.chain.incomplete`. */
  id: string;
  status: CheckStatus;
  /** One line: what was found. */
  title: string;
  /** Optional longer reason. */
  detail?: string;
  /** What to do about it (present on warn/fail). */
  fix?: string;
  /** The sendAttemptResult Apple would most likely record, where one fits. */
  sendAttemptResult?: SendAttemptResult;
  /** Display group, e.g. `URL`, `DNS`, `TLS`. */
  group?: string;
  /** Extra machine-readable facts. */
  data?: Record<string, unknown>;
}

/**
 * Builds a check whose wording comes from the diagnostics registry.
 * `status` defaults to the registry's severity for that id.
 */
export function check(
  id: DiagnosticId,
  vars: DiagnosticVars = {},
  overrides: Partial<Omit<Check, 'id'>> = {},
): Check {
  const d = diagnostic(id, vars);
  const result: Check = { id, status: overrides.status ?? d.severity, title: d.title };
  if (d.explain) result.detail = d.explain;
  if (d.fix && result.status !== 'pass') result.fix = d.fix;
  if (d.sendAttemptResult) result.sendAttemptResult = d.sendAttemptResult;
  return { ...result, ...stripUndefined(overrides) };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

const rank: Record<CheckStatus, number> = { fail: 4, warn: 3, info: 1, pass: 2, skip: 0 };

/** The worst status among checks (fail > warn > pass > info > skip). */
export function worstStatus(checks: readonly Check[]): CheckStatus {
  let worst: CheckStatus = 'skip';
  for (const c of checks) if (rank[c.status] > rank[worst]) worst = c.status;
  return worst;
}

export interface CheckCounts {
  pass: number;
  warn: number;
  fail: number;
  info: number;
  skip: number;
}

export function countChecks(checks: readonly Check[]): CheckCounts {
  const counts: CheckCounts = { pass: 0, warn: 0, fail: 0, info: 0, skip: 0 };
  for (const c of checks) counts[c.status] += 1;
  return counts;
}
