// Request a Test Notification and Get Test Notification Status, plus the polling between them.
// Get Test Notification Status answers 404 4040008 until Apple has recorded an attempt, so that
// answer means "not yet" while we wait (Apple node library issue 305).
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiClient } from './client.js';
import { TEST_NOTIFICATION_NOT_FOUND } from './error-codes.js';
import { ApiHttpError } from './errors.js';
import { isRecord, readSendAttempts, shapeError, type SendAttempt } from './shapes.js';

export const TEST_PATH = '/inApps/v1/notifications/test';

export interface TestRequested {
  token: string;
  requestUuid?: string;
}

export interface TestStatus {
  signedPayload?: string;
  /** Oldest first. */
  sendAttempts: SendAttempt[];
  /** Deprecated by Apple; kept when present for old answers without sendAttempts. */
  firstSendAttemptResult?: string;
}

export async function requestTestNotification(client: ApiClient): Promise<TestRequested> {
  const res = await client.send({ method: 'POST', path: TEST_PATH });
  const body = res.json;
  if (!isRecord(body) || typeof body.testNotificationToken !== 'string' || body.testNotificationToken === '') {
    throw shapeError(res, { method: 'POST', url: client.baseUrl + TEST_PATH }, 'the answer has no testNotificationToken');
  }
  return { token: body.testNotificationToken, ...(res.requestUuid ? { requestUuid: res.requestUuid } : {}) };
}

/**
 * One status look-up. `undefined` means 4040008: no result yet (or the token is unknown or expired).
 * `signal` ends a look-up in flight (the caller's wait is over).
 */
export async function getTestNotificationStatus(client: ApiClient, token: string, signal?: AbortSignal): Promise<TestStatus | undefined> {
  const path = `${TEST_PATH}/${encodeURIComponent(token)}`;
  let res;
  try {
    res = await client.send({ method: 'GET', path, ...(signal ? { signal } : {}) });
  } catch (err) {
    if (err instanceof ApiHttpError && err.facts.errorCode === TEST_NOTIFICATION_NOT_FOUND) return undefined;
    throw err;
  }
  const body = res.json;
  const attempts = isRecord(body) ? readSendAttempts(body.sendAttempts) : undefined;
  if (!isRecord(body) || attempts === undefined || (body.signedPayload !== undefined && typeof body.signedPayload !== 'string')) {
    throw shapeError(res, { method: 'GET', url: client.baseUrl + TEST_PATH + '/…' }, 'the answer is not a CheckTestNotificationResponse');
  }
  const status: TestStatus = { sendAttempts: attempts };
  if (typeof body.signedPayload === 'string') status.signedPayload = body.signedPayload;
  if (typeof body.firstSendAttemptResult === 'string') status.firstSendAttemptResult = body.firstSendAttemptResult;
  return status;
}

/** A status counts as an answer once Apple has recorded at least one attempt. */
export function hasAttempts(status: TestStatus | undefined): status is TestStatus {
  return Boolean(status && (status.sendAttempts.length > 0 || status.firstSendAttemptResult));
}

export interface PollOptions {
  waitMs: number;
  intervalMs: number;
  signal?: AbortSignal;
  /** Called before every look-up (1-based), for the spinner. */
  onPoll?: (poll: number, elapsedMs: number) => void;
  now?: () => number;
}

export interface PollResult {
  /** The last status seen (with attempts when `answered`). */
  status?: TestStatus;
  answered: boolean;
  polls: number;
  elapsedMs: number;
}

/**
 * Asks for the status every `intervalMs` until attempts are recorded or `waitMs` has passed.
 * `waitMs` is a hard limit: a look-up still in flight when it ends is abandoned. The first look-up
 * comes after one interval (Apple needs a moment to try the delivery), or halfway through a wait
 * shorter than that, so even a short wait asks once.
 */
export async function pollTestStatus(client: ApiClient, token: string, opts: PollOptions): Promise<PollResult> {
  const now = opts.now ?? Date.now;
  const started = now();
  const waitOver = new AbortController();
  const timer = setTimeout(() => waitOver.abort(), opts.waitMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, waitOver.signal]) : waitOver.signal;
  let polls = 0;
  let last: TestStatus | undefined;
  const unanswered = (): PollResult => ({ ...(last ? { status: last } : {}), answered: false, polls, elapsedMs: now() - started });
  try {
    for (;;) {
      const remaining = opts.waitMs - (now() - started);
      if (polls > 0 && remaining <= 0) return unanswered();
      const pause = Math.max(0, Math.min(opts.intervalMs, polls === 0 ? remaining / 2 : remaining));
      try {
        await sleep(pause, undefined, { signal });
        // That pause ran to the end of the wait: a look-up now could not finish within it.
        if (polls > 0 && pause >= remaining) return unanswered();
        polls += 1;
        opts.onPoll?.(polls, now() - started);
        last = await getTestNotificationStatus(client, token, signal);
      } catch (err) {
        // Ctrl-C is the caller's to report; the end of the wait is an answer: nothing recorded yet.
        if (waitOver.signal.aborted && !opts.signal?.aborted) return unanswered();
        throw err;
      }
      if (hasAttempts(last)) return { status: last, answered: true, polls, elapsedMs: now() - started };
    }
  } finally {
    clearTimeout(timer);
  }
}
