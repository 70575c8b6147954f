// send-test and test-status explain a Get Test Notification Status answer the same way.
import type { AttemptReport } from '../api/attempt-report.js';
import type { ApiEnvironment } from '../api/endpoints.js';
import type { Check } from '../report/check.js';

/** One attempt as Apple recorded it. */
export interface SendAttemptJson {
  /** Epoch milliseconds; null when Apple gave only `firstSendAttemptResult`, without a date. */
  attemptDate: number | null;
  /** `attemptDate` as an ISO 8601 date, when there is one. */
  attemptDateIso?: string;
  sendAttemptResult: string;
}

/** The TEST notification's signedPayload, decoded and verified. */
export interface TestPayloadJson {
  ok: boolean;
  verified: boolean;
  /** The verification status, e.g. `VERIFIED`, `INVALID_CERTIFICATE`. */
  verification: string;
  /** The decoded notification payload, values exact. */
  decoded: Record<string, unknown>;
}

/** Apple recorded at least one attempt: what became of it, and the payload. */
export interface StatusAnsweredFields {
  delivered: boolean;
  /** The last attempt's `sendAttemptResult`; null when none is recorded. */
  lastResult: string | null;
  sendAttempts: SendAttemptJson[];
  /** Sandbox makes one attempt; production retries after 1, 12, 24, 48 and 72 hours. */
  retrySchedule: AttemptReport['retrySchedule'];
  /** The verdict first, then its explanation and hints. */
  checks: Check[];
  /** null when the status carried no signedPayload, or it was not a JWS. */
  payload: TestPayloadJson | null;
  payloadCheck: Check;
}

interface TestStatusBase {
  environment: ApiEnvironment;
  baseUrl: string;
  testNotificationToken: string;
}

/** Apple has a status: exit 0 delivered and the payload verified, 1 otherwise. */
export interface TestStatusAnsweredJson extends TestStatusBase, StatusAnsweredFields {
  ok: boolean;
  answered: true;
}

/** Apple knows no attempt for the token (exit 1). */
export interface TestStatusUnansweredJson extends TestStatusBase {
  ok: false;
  answered: false;
  checks: Check[];
}

/** `test-status --json`: one document; `answered` tells whether Apple had recorded an attempt. */
export type TestStatusJson = TestStatusAnsweredJson | TestStatusUnansweredJson;

interface SendTestBase extends TestStatusBase {
  /** Status look-ups made while waiting. */
  polls: number;
  waitedMs: number;
}

/** Apple recorded an attempt: exit 0 delivered and the payload verified, 1 otherwise. */
export interface SendTestAnsweredJson extends SendTestBase, StatusAnsweredFields {
  ok: boolean;
  answered: true;
}

/** No attempt was recorded before `--wait` ended (exit 3). */
export interface SendTestUnansweredJson extends SendTestBase {
  ok: false;
  answered: false;
  checks: Check[];
}

/** `send-test --json`: one document; `answered` tells whether Apple recorded an attempt in time. */
export type SendTestJson = SendTestAnsweredJson | SendTestUnansweredJson;
