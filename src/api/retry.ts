// When a failed App Store Server API call is worth repeating, and after how long.
// Apple says retries help for 5000001 and the other "Retryable" codes, and for 429 after the time
// in Retry-After (a UNIX time in milliseconds, not RFC 9110 seconds). Network resets are retried too.
// Everything else (4xx, 5000000, timeouts) is answered at once: repeating it cannot change the answer,
// and a timed-out POST may already have been acted on.
import { setTimeout as sleep } from 'node:timers/promises';
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
  const { why, retryAt } = retryOf(outcome, now);
  return scheduleRetry(why, attempt, elapsedMs, policy, retryAt, now);
}

/** Whether an App Store Server API outcome is worth repeating, and the time a 429's Retry-After names. */
export function retryOf(outcome: AttemptOutcome, now: number): { why?: string; retryAt?: number } {
  const why = retryReason(outcome);
  const retryAt =
    outcome.kind === 'http' && outcome.status === 429 && outcome.retryAfter !== undefined ? parseRetryAfter(outcome.retryAfter, now) : undefined;
  return { ...(why ? { why } : {}), ...(retryAt !== undefined ? { retryAt } : {}) };
}

/**
 * The policy's half of a retry decision, for any API: `why` says the failure is worth repeating (undefined:
 * it is not); the wait is the doubling backoff, or until `retryAt` when the server named a time.
 */
export function scheduleRetry(
  why: string | undefined,
  attempt: number,
  elapsedMs: number,
  policy: RetryPolicy,
  retryAt?: number,
  now = Date.now(),
): RetryDecision {
  if (!why) return { retry: false };
  const backoff = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  const delayMs = retryAt !== undefined ? Math.max(0, retryAt - now) : backoff;
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

/** One attempt as the retry loop sees it: a value, or the error with whether (and until when) to retry. */
export type AttemptResult<T, E> = { ok: true; value: T } | { ok: false; error: E; why?: string; retryAt?: number };

/**
 * Runs `attempt` until it succeeds or the policy says stop (then throws `gaveUp(error, decision)`), for
 * the App Store Server API and App Store Connect clients alike. No attempt outlives the retry budget: a
 * slow last attempt cannot stretch the call. A wait cut short by `signal` throws the last error.
 */
export async function withRetries<T, E>(opts: {
  policy: RetryPolicy;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  attempt: (attempt: number, budgetMs: number) => Promise<AttemptResult<T, E>>;
  gaveUp: (error: E, decision: Extract<RetryDecision, { retry: false }>) => unknown;
  onRetry?: (retry: { reason: string; delayMs: number; nextAttempt: number }) => void;
}): Promise<T> {
  const started = performance.now();
  for (let attempt = 1; ; attempt += 1) {
    const budget = Math.min(opts.timeoutMs, opts.policy.maxTotalMs - (performance.now() - started));
    const result = await opts.attempt(attempt, Math.max(1, budget));
    if (result.ok) return result.value;
    const decision = scheduleRetry(result.why, attempt, performance.now() - started, opts.policy, result.retryAt);
    if (!decision.retry) throw opts.gaveUp(result.error, decision);
    opts.onRetry?.({ reason: decision.reason, delayMs: decision.delayMs, nextAttempt: attempt + 1 });
    await sleep(decision.delayMs, undefined, opts.signal ? { signal: opts.signal } : undefined).catch(() => {
      throw result.error;
    });
  }
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
