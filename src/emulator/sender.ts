// Delivers recorded notifications with Apple's retry behaviour: one attempt in sandbox; in production
// up to 5 retries on the compressed schedule. Every attempt is recorded on the notification's record.
import type { PostResult } from '../delivery/post.js';
import { notificationBody } from '../delivery/deliver.js';
import { deliver } from './delivery.js';
import type { NotificationRecord, SendAttempt } from './history-store.js';
import { nextRetryDelayMs } from './retry-schedule.js';

export interface AttemptEvent {
  record: NotificationRecord;
  attempt: number;
  post: PostResult;
  /** When the next retry is due (epoch ms), if one is scheduled. */
  nextRetryAt?: number;
}

export interface SenderOptions {
  timeScale: number;
  ca?: string[];
  timeoutMs?: number;
  onAttempt?: (e: AttemptEvent) => void;
}

export class NotificationSender {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controller = new AbortController();
  private closed = false;

  constructor(private readonly opts: SenderOptions) {}

  /** Makes an attempt now, schedules the next retry if one is due, and resolves with this attempt. */
  async send(record: NotificationRecord): Promise<{ attempt: SendAttempt; post: PostResult }> {
    const attemptDate = Date.now();
    const post = await deliver(record.url, notificationBody(record.signedPayload), {
      ...(this.opts.ca ? { ca: this.opts.ca } : {}),
      ...(this.opts.timeoutMs ? { timeoutMs: this.opts.timeoutMs } : {}),
      signal: this.controller.signal,
    });
    const attempt: SendAttempt = { attemptDate, sendAttemptResult: post.result };
    if (this.closed) return { attempt, post };
    record.sendAttempts.push(attempt);
    const delay =
      post.result === 'SUCCESS' ? undefined : nextRetryDelayMs(record.environment, record.sendAttempts.length, this.opts.timeScale);
    record.retrying = delay !== undefined;
    const event: AttemptEvent = { record, attempt: record.sendAttempts.length, post };
    if (delay !== undefined) {
      event.nextRetryAt = Date.now() + delay;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.send(record).catch(() => undefined);
      }, delay);
      this.timers.add(timer);
    }
    this.opts.onAttempt?.(event);
    return { attempt, post };
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.controller.abort();
  }
}
