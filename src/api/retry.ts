// When a failed App Store Server API call is worth repeating, and after how long.
// Apple says retries help for 5000001 and the other "Retryable" codes, and for 429 after the time
// in Retry-After (a UNIX time in milliseconds, not RFC 9110 seconds). Network resets are retried too.
// Everything else (4xx, 5000000, timeouts) is answered at once: repeating it cannot change the answer,
// and a timed-out POST may already have been acted on.
import { errorCodeInfo } from './error-codes.js';

export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  /**
   * The whole call, waits and attempts together, ends within this (from the first attempt): no retry
   * starts whose wait would pass it, and the client cuts the last attempt short at it.
   */
  maxTotalMs: number;
  /** First backoff delay; doubled for each further retry. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  maxTotalMs: 60_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
};

export type AttemptOutcome =
  | { kind: 'http'; status: number; errorCode?: number; retryAfter?: string }
  | { kind: 'network'; code: string; reset: boolean };

export type RetryDecision =
  | { retry: true; delayMs: number; reason: string }
  | { retry: false; reason?: string; retryAt?: number };

/**
 * Decides whether attempt number `attempt` (1-based) should be followed by another.
 * `elapsedMs` is the time since the first attempt started.
 */
export function decideRetry(
  outcome: AttemptOutcome,
  attempt: number,
  elapsedMs: number,
  policy: RetryPolicy,
  now: number,
): RetryDecision {
  const why = retryReason(outcome);
  if (!why) return { retry: false };
  const backoff = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  let delayMs = backoff;
  let retryAt: number | undefined;
  if (outcome.kind === 'http' && outcome.status === 429 && outcome.retryAfter !== undefined) {
    retryAt = parseRetryAfter(outcome.retryAfter, now);
    if (retryAt !== undefined) delayMs = Math.max(0, retryAt - now);
  }
  if (attempt >= policy.maxAttempts) {
    return { retry: false, reason: `${why}; gave up after ${attempt} attempts`, ...(retryAt ? { retryAt } : {}) };
  }
  if (elapsedMs + delayMs > policy.maxTotalMs) {
    return {
      retry: false,
      reason: `${why}; waiting ${formatMs(delayMs)} more would exceed the ${formatMs(policy.maxTotalMs)} retry budget`,
      ...(retryAt ? { retryAt } : {}),
    };
  }
  return { retry: true, delayMs, reason: why };
}

function retryReason(outcome: AttemptOutcome): string | undefined {
  if (outcome.kind === 'network') return outcome.reset ? `connection reset (${outcome.code})` : undefined;
  if (outcome.status === 429) return 'rate limit exceeded (429)';
  const info = errorCodeInfo(outcome.errorCode);
  if (info?.retryable) return `${outcome.errorCode} ${info.name}`;
  return undefined;
}

/**
 * Apple's Retry-After is a UNIX time in milliseconds. A small number is read as RFC 9110
 * delta-seconds and anything else as an HTTP-date, so a proxy's header still works.
 * Returns the epoch millisecond to wait until, or undefined when unreadable.
 */
export function parseRetryAfter(value: string, now: number): number | undefined {
  const v = value.trim();
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    // 1e11 ms is 1973: anything smaller cannot be an epoch-millisecond time.
    return n >= 1e11 ? n : now + n * 1000;
  }
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : date;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return s < 120 ? `${Number(s.toFixed(1))} s` : `${Math.round(s / 60)} min`;
}
