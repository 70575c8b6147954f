// Apple's per-app, per-endpoint rate limits (docs/apple/api.md#rate-limits), enforced over a sliding hour.
// Over the limit: 429 / 4290000 with Retry-After = the epoch time in MILLISECONDS when a slot frees up.
import { requestsPerSecond, type ApiEndpoint as ClientEndpoint } from '../../api/rate-limits.js';
import { parseDuration } from '../../util/duration.js';

export type ApiEndpoint = 'test' | 'test-status' | 'history' | 'transaction' | 'subscriptions' | 'transaction-history' | 'app-transaction';
export const API_ENDPOINTS: readonly ApiEndpoint[] = ['test', 'test-status', 'history', 'transaction', 'subscriptions', 'transaction-history', 'app-transaction'];

export interface RateLimit {
  limit: number;
  windowMs: number;
}

const HOUR_MS = 3600_000;
/** The client's names for the same endpoints, whose table of Apple's published limits this reuses. */
const CLIENT_NAME: Record<ApiEndpoint, ClientEndpoint> = {
  test: 'requestTestNotification',
  'test-status': 'getTestNotificationStatus',
  history: 'getNotificationHistory',
  transaction: 'getTransactionInfo',
  subscriptions: 'getAllSubscriptionStatuses',
  'transaction-history': 'getTransactionHistory',
  'app-transaction': 'getAppTransactionInfo',
};

export function appleLimit(endpoint: ApiEndpoint, environment: 'Sandbox' | 'Production'): RateLimit {
  const perSecond = requestsPerSecond(CLIENT_NAME[endpoint], environment === 'Sandbox' ? 'sandbox' : 'production');
  return { limit: Math.round(perSecond * 3600), windowMs: HOUR_MS };
}

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  /** Overrides by endpoint (both environments), e.g. from --rate-limit test=2/10s. */
  overrides: Partial<Record<ApiEndpoint, RateLimit>> = {};

  /** Records a request; returns the Retry-After time (epoch ms) when it is over the limit. */
  take(endpoint: ApiEndpoint, environment: 'Sandbox' | 'Production', app: string, now: number): number | undefined {
    const { limit, windowMs } = this.overrides[endpoint] ?? appleLimit(endpoint, environment);
    const key = `${environment}|${endpoint}|${app}`;
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - windowMs);
    if (list.length >= limit) {
      this.hits.set(key, list);
      return (list[0] ?? now) + windowMs;
    }
    list.push(now);
    this.hits.set(key, list);
    return undefined;
  }
}

/** Parses `N` or `N/duration` (duration like 500ms, 10s, 5m, 1h, read by util/duration.ts; default one hour). */
export function parseRateLimit(text: string): RateLimit | undefined {
  const m = /^(\d+)(?:\/(.+))?$/.exec(text.trim());
  if (!m) return undefined;
  const windowMs = m[2] === undefined ? HOUR_MS : parseDuration(m[2]);
  if (windowMs === undefined || windowMs <= 0) return undefined;
  return { limit: Number(m[1]), windowMs };
}
