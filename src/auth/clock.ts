// Clock skew against a server's `Date` header. Apple's tolerance is undocumented
// (docs/apple/tokens.md#clock-skew); past a minute a fresh token can look not-yet-valid or already expired.
import { check, type Check } from '../report/check.js';
import { formatDuration } from './rules.js';
import { isoDate } from '../report/format.js';

export const CLOCK_SKEW_LIMIT_S = 60;

export function checkClockSkew(dateHeader: string | undefined, now: Date = new Date()): Check {
  const g = { group: 'Clock' };
  if (dateHeader === undefined || dateHeader.trim() === '') return check('auth.clock.no-date', {}, g);
  const server = Date.parse(dateHeader);
  if (Number.isNaN(server)) return check('auth.clock.bad-date', { date: dateHeader.slice(0, 60) }, g);
  // The header has one-second resolution, so compare whole seconds.
  const skew = Math.round((now.getTime() - server) / 1000);
  const data = { skewSeconds: skew, serverDate: isoDate(server), localDate: isoDate(now) };
  if (Math.abs(skew) <= CLOCK_SKEW_LIMIT_S) return check('auth.clock.ok', { skew: formatDuration(skew) }, { ...g, data });
  return check('auth.clock.skew', { skew: formatDuration(skew), direction: skew > 0 ? 'ahead of' : 'behind' }, { ...g, data });
}
