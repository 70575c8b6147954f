import type { HistoryRequestBody } from '../api/history.js';
import type { ApiEnvironment } from '../api/endpoints.js';
import type { PayloadSummary } from '../api/payload.js';
import type { SendAttempt } from '../api/shapes.js';

/** One line per notification Apple returned, decoded and verified. */
export interface HistoryNotificationRecord extends PayloadSummary {
  kind: 'notification';
  /** Delivered (last attempt SUCCESS) and verified. */
  ok: boolean;
  /** The last attempt's result, or `NO_ATTEMPT`. */
  lastSendAttemptResult: string;
  attemptCount: number;
  sendAttempts: SendAttempt[];
  verified: boolean;
  /** The verification status, e.g. `VERIFIED`; `NOT_A_JWS` when the signedPayload could not be decoded. */
  verification: string;
  /** The decoded payload, values exact (absent when it could not be decoded). */
  payload?: Record<string, unknown>;
  /** Why the signedPayload could not be decoded (instead of `payload`). */
  error?: string;
  /** The signedPayload exactly as Apple returned it. */
  signedPayload: string;
}

/** The last line: totals (exit 1 when one was not delivered or not verified), and the request sent. */
export interface HistorySummaryRecord {
  kind: 'summary';
  /** Every notification delivered and verified. */
  ok: boolean;
  environment: ApiEnvironment;
  count: number;
  pages: number;
  notDelivered: number;
  unverified: number;
  request: HistoryRequestBody;
}

/** `history --json`: one NDJSON line per notification (`kind: "notification"`), then one `kind: "summary"` line. */
export type HistoryRecord = HistoryNotificationRecord | HistorySummaryRecord;
