import type { Check, CheckCounts } from '../report/check.js';

/**
 * Every check the configuration allows: exit 0 all well, 1 a problem, 2 nothing configured, 3 some
 * checks could not be made from here.
 */
export interface DoctorJson {
  ok: boolean;
  /** No credential and no URL configured anywhere: nothing could be checked (exit 2). */
  nothingConfigured: boolean;
  /** No problem found, but some checks could not be made from here (exit 3). */
  couldNotFinish: boolean;
  counts: CheckCounts;
  /** The one-line verdict, as a check. */
  summary: Check;
  checks: Check[];
}
