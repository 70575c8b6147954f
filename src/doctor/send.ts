// Doctor's --send stage: a real TEST notification (sandbox for doctor; each environment for `urls
// check --send` and `urls set --send`), requested and polled the way send-test does it, reduced to
// one line with the attempt result and its fix.
import type { Credentials } from '../auth/index.js';
import type { ApiEnvironment } from '../api/endpoints.js';
import { pollInterval } from '../api/rate-limits.js';
import { pollTestStatus, requestTestNotification } from '../api/test-notification.js';
import { testStatusCommand } from '../api/attempt-report.js';
import { describeApiError } from '../api/explain.js';
import { isApiError } from '../api/errors.js';
import { isSendAttemptResult } from '../apple/send-attempt-result.js';
import { diagnostic } from '../report/diagnostics/index.js';
import { check, type Check } from '../report/check.js';
import { couldNotFinish, sessionFor, type ApiStageOptions } from './api.js';
import { unfinished } from './unfinished.js';

export async function sendStage(
  creds: Credentials | undefined,
  environment: ApiEnvironment,
  url: string | undefined,
  opts: ApiStageOptions & { send: boolean; waitMs: number },
): Promise<Check[]> {
  const GROUP = { group: `Test notification (${environment})` };
  if (!opts.send) return [check('doctor.send.not-asked', {}, GROUP)];
  if (!creds) return [check('doctor.send.skipped', { reason: 'the credentials are incomplete' }, GROUP)];
  const session = await sessionFor(environment, opts);
  try {
    const requested = await requestTestNotification(session.client);
    const interval = pollInterval(environment, session.base.target);
    const polled = await pollTestStatus(session.client, requested.token, {
      waitMs: opts.waitMs,
      intervalMs: interval.intervalMs,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const attempts = polled.status?.sendAttempts ?? [];
    const last = attempts[attempts.length - 1]?.sendAttemptResult ?? polled.status?.firstSendAttemptResult;
    const data = { testNotificationToken: requested.token, attempts, ...(url ? { url } : {}) };
    if (!polled.answered || !last) {
      const lookUp = testStatusCommand(requested.token, environment, opts.flags, creds.keyPath);
      return [unfinished(check('api.test.no-attempt-yet', { waited: `${Math.round(polled.elapsedMs / 1000)} s`, token: requested.token, lookUp }, { ...GROUP, status: 'warn', data }))];
    }
    if (last === 'SUCCESS') return [check('doctor.send.ok', { result: last, environment }, { ...GROUP, sendAttemptResult: 'SUCCESS', data })];
    const explained = isSendAttemptResult(last) ? diagnostic(`delivery.${last}`, { status: 'a status outside 200-206' }) : undefined;
    return [
      check('doctor.send.fail', { result: last, environment }, {
        ...GROUP,
        ...(isSendAttemptResult(last) ? { sendAttemptResult: last } : {}),
        ...(explained?.explain ? { detail: explained.explain } : {}),
        ...(explained?.fix ? { fix: explained.fix } : {}),
        data,
      }),
    ];
  } catch (err) {
    if (!isApiError(err)) throw err;
    const d = describeApiError(err, { environment });
    const failed = check(d.id, d.vars, { ...GROUP, status: 'fail' });
    return [couldNotFinish(err, environment) ? unfinished(failed) : failed];
  } finally {
    await session.close();
  }
}
