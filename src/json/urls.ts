import type { PlannedChange } from '../asc/settings.js';
import type { SendAttemptResult } from '../apple/send-attempt-result.js';
import type { Check, CheckCounts } from '../report/check.js';
import type { Verdict } from '../url/summary.js';

/** The app as App Store Connect has it. */
export interface UrlsAppJson {
  /** The resource id: the app's Apple ID. */
  id: string;
  name: string | null;
  bundleId: string | null;
}

/** One environment's setting in App Store Connect. */
export interface UrlsSettingJson {
  /** The URL set; null when none is (Apple may leave it out of its answer). */
  url: string | null;
  /** `V2`, `V1` (deprecated), or null. */
  version: string | null;
}

/** One environment: its setting, and where Apple effectively delivers (sandbox falls back to production). */
export interface UrlsEnvironmentJson extends UrlsSettingJson {
  /** null: Apple sends this environment's notifications nowhere. */
  effectiveUrl: string | null;
}

/** `urls --json`: what App Store Connect has, and the findings about it (exit 1 when one fails). */
export interface UrlsJson {
  ok: boolean;
  app: UrlsAppJson;
  production: UrlsEnvironmentJson;
  sandbox: UrlsEnvironmentJson;
  checks: Check[];
  counts: CheckCounts;
}

/**
 * `urls set --json`: `mode` tells what happened: `written` (and read back), `dry-run`, `unchanged`,
 * `declined` (not confirmed) or `refused` (--check found a URL Apple could not deliver to). Nothing is
 * written except in `written`. Failures that stop it (a URL Apple would refuse, 403, no answer) are the
 * error document instead.
 */
export interface UrlsSetJson {
  ok: boolean;
  mode: 'written' | 'dry-run' | 'unchanged' | 'declined' | 'refused';
  app: UrlsAppJson;
  before: { production: UrlsSettingJson; sandbox: UrlsSettingJson };
  /** `written`: as read back from App Store Connect (when `readBack`); otherwise what the change would make. */
  after: { production: UrlsSettingJson; sandbox: UrlsSettingJson };
  /** True when `after` was read back from App Store Connect after the write. */
  readBack: boolean;
  /** Each attribute that changes (or would), before → after. */
  changes: PlannedChange[];
  /** URL rules, check-url verdicts (--check), how the write ended, TEST notifications (--send). */
  checks: Check[];
}

/** One environment as `urls check` found it. */
export interface UrlsCheckedEnvironmentJson extends UrlsEnvironmentJson {
  /** check-url's verdict on `effectiveUrl`; null when there is none. */
  verdict: Verdict | null;
  predictedResult: SendAttemptResult | null;
}

/** `urls check --json`: one report for both environments (exit 0 ok, 1 a problem, 3 could not finish). */
export interface UrlsCheckJson {
  ok: boolean;
  /** No problem found, but some checks could not be made from here (exit 3). */
  couldNotFinish: boolean;
  app: UrlsAppJson;
  production: UrlsCheckedEnvironmentJson;
  sandbox: UrlsCheckedEnvironmentJson;
  checks: Check[];
  counts: CheckCounts;
}
