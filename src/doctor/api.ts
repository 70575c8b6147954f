// Doctor's API stage: does the App Store Server API accept these credentials, and is this clock close
// to the API's? The probe asks for the status of a made-up test token: any answer but 401 (normally
// 404 4040008) means the credentials were accepted, and nothing is sent to anyone.
import { randomUUID } from 'node:crypto';
import { checkClockSkew, type Credentials } from '../auth/index.js';
import { openApiSession, type ApiSession, type ApiSessionOptions } from '../api/session.js';
import { ApiHttpError, isApiError } from '../api/errors.js';
import { describeApiError } from '../api/explain.js';
import { triageUnauthorized } from '../api/unauthorized.js';
import { TEST_PATH } from '../api/test-notification.js';
import type { ApiEnvironment } from '../api/endpoints.js';
import { check, type Check } from '../report/check.js';
import { apiErrorToAsn } from '../api/explain.js';
import { ExitCode } from '../errors.js';
import type { ApiError } from '../api/errors.js';
import { unfinished } from './unfinished.js';

/** The API commands exit 3 for this failure (network, timeout, 5xx, 429): the same rule decides here. */
export function couldNotFinish(err: ApiError, environment: ApiEnvironment): boolean {
  return apiErrorToAsn(err, { environment }).exitCode === ExitCode.couldNotFinish;
}

export type ApiStageOptions = Pick<ApiSessionOptions, 'flags' | 'env' | 'cwd' | 'timeoutMs' | 'signal' | 'onEvent'>;

/** A session for one environment, whatever --env says (doctor checks sandbox even for production users). */
export function sessionFor(environment: ApiEnvironment, opts: ApiStageOptions): Promise<ApiSession> {
  return openApiSession({ ...opts, flags: { ...opts.flags, env: environment } });
}

export async function apiStage(creds: Credentials | undefined, opts: ApiStageOptions): Promise<Check[]> {
  // Production is asked only when configured: before an app's first release it always answers 401.
  const environments: ApiEnvironment[] = creds?.environment === 'production' ? ['sandbox', 'production'] : ['sandbox'];
  if (!creds) return [check('doctor.api.skipped', { environment: 'sandbox' }, { group: 'API' }), check('doctor.clock.skipped', {}, { group: 'Clock' })];
  const checks: Check[] = [];
  let date: string | undefined;
  for (const environment of environments) {
    const probed = await probe(environment, opts);
    checks.push(...probed.checks);
    date ??= probed.date;
  }
  checks.push(date ? { ...checkClockSkew(date), group: 'Clock' } : check('doctor.clock.skipped', {}, { group: 'Clock' }));
  return checks;
}

async function probe(environment: ApiEnvironment, opts: ApiStageOptions): Promise<{ checks: Check[]; date?: string }> {
  const group = { group: `API (${environment})` };
  const session = await sessionFor(environment, opts);
  const vars = { environment, baseUrl: session.base.baseUrl };
  try {
    const res = await session.client.send({ method: 'GET', path: `${TEST_PATH}/${randomUUID()}` });
    return { checks: [...session.notes.map((n) => ({ ...n, ...group })), check('doctor.api.ok', vars, group)], ...(res.date ? { date: res.date } : {}) };
  } catch (err) {
    if (!isApiError(err)) throw err;
    const date = err instanceof ApiHttpError ? err.facts.date : undefined;
    const withDate = date ? { date } : {};
    if (err instanceof ApiHttpError && err.facts.status === 401) {
      const triage = await triageUnauthorized({ error: err, creds: session.creds, base: session.base, signToken: session.signToken, clientFor: session.clientFor });
      const d = describeApiError(err, { environment });
      return { checks: [check(d.id, d.vars, group), ...triage.map((c) => ({ ...c, ...group }))], ...withDate };
    }
    if (err instanceof ApiHttpError && err.facts.status < 500 && err.facts.status !== 429) {
      // 404 4040008 (or another 4xx about the made-up token): the credentials got through.
      return { checks: [check('doctor.api.ok', vars, group)], ...withDate };
    }
    const d = describeApiError(err, { environment });
    const failed = check(d.id, d.vars, { ...group, status: 'fail' });
    // No answer, a 5xx or a 429: nothing was learnt about the credentials.
    return { checks: [couldNotFinish(err, environment) ? unfinished(failed) : failed], ...withDate };
  } finally {
    await session.close();
  }
}
