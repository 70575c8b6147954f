// Checks that could not be made from this machine (no network, no DNS, the API unreachable or failing):
// they say nothing about the set-up, so they make doctor's run "could not finish" (exit 3), not
// "problem found" (exit 1). The mark travels with the check, in its data, and shows in --json.
import type { Check } from '../report/check.js';

export function unfinished(c: Check): Check {
  return { ...c, data: { ...c.data, couldNotFinish: true } };
}

export function isUnfinished(c: Check): boolean {
  return c.data?.couldNotFinish === true;
}
