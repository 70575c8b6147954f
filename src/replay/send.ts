// Sends the planned notifications to the handler, oldest first, `concurrency` at a time, each through
// the shared delivery engine (src/delivery/deliver.ts) and so named in Apple's sendAttemptResult terms.
// A notification counts as sent once its answer has been recorded (`onAnswer`, which writes the state
// file): a slot is freed only then, so at most `concurrency` notifications are ever sent without a
// record. Stops after `maxFailures` failures in a row, and at once when the signal fires.
import { deliverNotification } from '../delivery/deliver.js';
import type { PostResult } from '../delivery/post.js';
import type { ReplayItem } from './collect.js';

export interface Answer {
  /** Place in the plan, from 1. */
  seq: number;
  item: ReplayItem;
  post: PostResult;
}

export interface SendOptions {
  url: string;
  /** The notifications to send, in order. */
  items: readonly ReplayItem[];
  /** The exact body of an item. */
  body(item: ReplayItem): Promise<Buffer>;
  concurrency: number;
  /** Stop after this many failures in a row; 0 never stops. */
  maxFailures: number;
  timeoutMs: number;
  ca?: string[];
  userAgentNote: string;
  signal: AbortSignal;
  /** Each answer as it comes, before the next notification starts in its slot (records it). */
  onAnswer(answer: Answer): Promise<void>;
  /** Each answer in plan order (the report); answers after one still in flight wait for it. */
  onReport(answer: Answer): void;
}

export interface SendSummary {
  /** Answered and recorded. */
  sent: number;
  delivered: number;
  failed: number;
  /** Planned but not answered: the run stopped first, or they were in flight when it was interrupted. */
  notSent: number;
  stopped: 'max-failures' | 'interrupted' | null;
}

export const isDelivered = (post: PostResult): boolean => post.result === 'SUCCESS';

export async function sendAll(opts: SendOptions): Promise<SendSummary> {
  const { items } = opts;
  let next = 0;
  let sent = 0;
  let delivered = 0;
  let inARow = 0;
  let stopped: SendSummary['stopped'] = null;
  let failure: unknown;
  const answered = new Map<number, Answer>();
  let reported = 0;

  const report = () => {
    while (answered.has(reported)) {
      const a = answered.get(reported)!;
      answered.delete(reported);
      reported += 1;
      opts.onReport(a);
    }
  };

  const worker = async () => {
    while (stopped === null && failure === undefined && next < items.length) {
      if (opts.signal.aborted) {
        stopped = 'interrupted';
        break;
      }
      const index = next++;
      const item = items[index]!;
      let answer: Answer;
      try {
        const post = await deliverNotification(opts.url, await opts.body(item), {
          userAgentNote: opts.userAgentNote,
          timeoutMs: opts.timeoutMs,
          signal: opts.signal,
          ...(opts.ca ? { ca: opts.ca } : {}),
        });
        // Cut short by Ctrl-C: the handler may or may not have it; it stays unrecorded and is sent again next time.
        if (post.interrupted || opts.signal.aborted) {
          stopped = 'interrupted';
          break;
        }
        if (failure !== undefined) break;
        answer = { seq: index + 1, item, post };
        await opts.onAnswer(answer);
      } catch (err) {
        failure ??= err;
        break;
      }
      const post = answer.post;
      sent += 1;
      if (isDelivered(post)) {
        delivered += 1;
        inARow = 0;
      } else {
        inARow += 1;
        if (opts.maxFailures > 0 && inARow >= opts.maxFailures && stopped === null) stopped = 'max-failures';
      }
      answered.set(index, answer);
      report();
    }
  };

  const workers = Math.max(1, Math.min(opts.concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure !== undefined) throw failure;
  // What was answered behind a notification that never was (interrupted in flight) is still reported.
  for (const index of [...answered.keys()].sort((a, b) => a - b)) {
    opts.onReport(answered.get(index)!);
  }
  if (opts.signal.aborted) stopped = 'interrupted';
  return { sent, delivered, failed: sent - delivered, notSent: items.length - sent, stopped };
}
