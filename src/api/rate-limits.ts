// Apple's published rate limits for the endpoints asn-doctor calls ("Identifying rate limits"):
// requests per second per app, enforced over an hour; sandbox gets 10% of production.
// The poll interval for Get Test Notification Status derives from them.
import { isAppleTarget, type ApiEnvironment, type ApiTarget } from './endpoints.js';

export type ApiEndpoint =
  | 'requestTestNotification'
  | 'getTestNotificationStatus'
  | 'getNotificationHistory'
  | 'getTransactionInfo'
  | 'getAllSubscriptionStatuses'
  | 'getTransactionHistory'
  | 'getAppTransactionInfo';

const PRODUCTION_PER_SECOND: Record<ApiEndpoint, number> = {
  requestTestNotification: 1,
  getTestNotificationStatus: 1,
  getNotificationHistory: 50,
  // The emulator serves these too (its transaction endpoints); asn-doctor's own commands do not call them.
  getTransactionInfo: 50,
  getAllSubscriptionStatuses: 50,
  getTransactionHistory: 50,
  getAppTransactionInfo: 50,
};
const SANDBOX_SHARE = 0.1;

export function requestsPerSecond(endpoint: ApiEndpoint, environment: ApiEnvironment): number {
  const prod = PRODUCTION_PER_SECOND[endpoint];
  return environment === 'production' ? prod : prod * SANDBOX_SHARE;
}

/** Local servers (the emulator) are not Apple: they get a short interval and answer 429 themselves if they must. */
export const LOCAL_POLL_INTERVAL_MS = 250;

export interface PollInterval {
  intervalMs: number;
  /** Apple's minimum for this environment (0 for a local server). */
  minimumMs: number;
  source: 'apple-rate-limit' | 'option' | 'local-server';
  /** Set when a requested interval was raised to Apple's minimum. */
  raisedFromMs?: number;
}

/**
 * How often to ask Get Test Notification Status.
 * - Apple's hosts: one request per 1/limit seconds (1 s production, 10 s sandbox); a --poll-interval
 *   below that is raised to it, longer ones are kept.
 * - A loopback host (the emulator): 250 ms, or --poll-interval as given.
 * - Any other host (a proxy in front of Apple): Apple's interval unless --poll-interval says otherwise.
 */
export function pollInterval(environment: ApiEnvironment, target: ApiTarget, requestedMs?: number): PollInterval {
  const appleMs = Math.ceil(1000 / requestsPerSecond('getTestNotificationStatus', environment));
  if (isAppleTarget(target)) {
    if (requestedMs === undefined) return { intervalMs: appleMs, minimumMs: appleMs, source: 'apple-rate-limit' };
    if (requestedMs < appleMs) return { intervalMs: appleMs, minimumMs: appleMs, source: 'apple-rate-limit', raisedFromMs: requestedMs };
    return { intervalMs: requestedMs, minimumMs: appleMs, source: 'option' };
  }
  if (requestedMs !== undefined) return { intervalMs: requestedMs, minimumMs: 0, source: 'option' };
  if (target === 'local') return { intervalMs: LOCAL_POLL_INTERVAL_MS, minimumMs: 0, source: 'local-server' };
  return { intervalMs: appleMs, minimumMs: 0, source: 'apple-rate-limit' };
}

/** The least time between page requests of Get Notification History: Apple's limit for its hosts, none for others. */
export function historyPageInterval(environment: ApiEnvironment, target: ApiTarget): number {
  return isAppleTarget(target) ? Math.ceil(1000 / requestsPerSecond('getNotificationHistory', environment)) : 0;
}
