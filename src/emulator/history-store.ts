// Every notification the emulator signed and tried to deliver, with each attempt, for Get Test
// Notification Status and Get Notification History.
import type { HistoryRequestBody } from '../api/history.js';
import type { SendAttemptResult } from '../apple/send-attempt-result.js';
import type { Environment } from './payloads/ids.js';

export interface SendAttempt {
  attemptDate: number;
  sendAttemptResult: SendAttemptResult;
}

export interface NotificationRecord {
  notificationUUID: string;
  notificationType: string;
  subtype?: string;
  environment: Environment;
  bundleId: string;
  signedPayload: string;
  signedDate: number;
  url: string;
  transactionIds: string[];
  sendAttempts: SendAttempt[];
  /** Set for notifications sent by Request a Test Notification. */
  testNotificationToken?: string;
  /** Whether more attempts are scheduled. */
  retrying: boolean;
}

/** Apple's NotificationHistoryRequest, routed to one environment and app. */
export interface HistoryQuery extends HistoryRequestBody {
  environment: Environment;
  bundleId: string;
  /**
   * With `transactionId`: every transaction and original transaction ID of that customer (Apple:
   * "limit the notification history request to this one customer"); a notification about any of
   * them matches.
   */
  customerIds?: ReadonlySet<string>;
}

export class HistoryStore {
  private readonly records: NotificationRecord[] = [];
  private readonly byToken = new Map<string, NotificationRecord>();

  add(record: NotificationRecord): void {
    this.records.push(record);
    if (record.testNotificationToken) this.byToken.set(record.testNotificationToken, record);
  }

  byTestToken(token: string): NotificationRecord | undefined {
    return this.byToken.get(token);
  }

  all(): readonly NotificationRecord[] {
    return this.records;
  }

  /** Matching records, oldest first. Records with no attempt yet are not history. */
  query(q: HistoryQuery): NotificationRecord[] {
    return this.records.filter(
      (r) =>
        r.sendAttempts.length > 0 &&
        r.environment === q.environment &&
        r.bundleId === q.bundleId &&
        r.signedDate >= q.startDate &&
        r.signedDate <= q.endDate &&
        (q.notificationType === undefined || r.notificationType === q.notificationType) &&
        (q.notificationSubtype === undefined || r.subtype === q.notificationSubtype) &&
        (q.transactionId === undefined || r.transactionIds.some((id) => id === q.transactionId || q.customerIds?.has(id))) &&
        (!q.onlyFailures || !delivered(r)),
    );
  }
}

export function delivered(r: NotificationRecord): boolean {
  return r.sendAttempts.some((a) => a.sendAttemptResult === 'SUCCESS');
}

/** The JSON Apple returns for one record (notificationHistoryResponseItem / CheckTestNotificationResponse). */
export function recordJson(r: NotificationRecord): Record<string, unknown> {
  return {
    signedPayload: r.signedPayload,
    sendAttempts: r.sendAttempts.map((a) => ({ attemptDate: a.attemptDate, sendAttemptResult: a.sendAttemptResult })),
    ...(r.sendAttempts[0] ? { firstSendAttemptResult: r.sendAttempts[0].sendAttemptResult } : {}),
  };
}
