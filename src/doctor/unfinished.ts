// Checks that could not be made from this machine (no network, no DNS, the API unreachable or failing):
// they say nothing about the set-up, so they make doctor's run "could not finish" (exit 3), not
// "problem found" (exit 1). The mark travels with the check, in its data, and shows in --json.
import type { Check } from '../report/check.js';

export function unfinished(c: Check): Check {
  return { ...c, data: { ...c.data, couldNotFinish: true } };
}

function isUnfinished(c: Check): boolean {
  return c.data?.couldNotFinish === true;
}

/**
 * The problems found (failures not marked unfinished) and the checks that could not be made; a run
 * with no problem but some unfinished checks could not finish (exit 3). Doctor and `urls check` decide alike.
 */
export function settle(checks: readonly Check[]): { problems: number; unfinished: number; couldNotFinish: boolean } {
  const unfinished = checks.filter(isUnfinished).length;
  const problems = checks.filter((c) => c.status === 'fail' && !isUnfinished(c)).length;
  return { problems, unfinished, couldNotFinish: problems === 0 && unfinished > 0 };
}
