// Sends one notification body the way Apple's sender does: POST {"signedPayload": ...}, following
// redirects, classified with the same sendAttemptResult classifier check-url uses, with the request
// headers Apple's sender was seen to send (docs/apple/delivery.md#request-headers).
import { postNotification, type PostResult } from '../delivery/post.js';
import { userAgent } from '../http/user-agent.js';

export interface DeliverOptions {
  /** Extra trust anchors (PEM) for a local HTTPS receiver. */
  ca?: string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Apple does not document its delivery timeout; 15 s is our stand-in. */
export const DELIVERY_TIMEOUT_MS = 15_000;

/**
 * Apple's sender's User-Agent as a receiver's access log showed it (2020; Apple documents none). The
 * emulator sends it first, so a firewall rule written for Apple's sender treats the emulator alike,
 * and names itself after it, so the log still says who really sent it.
 */
export const APPLE_SENDER_USER_AGENT = 'Apache-HttpClient/4.5.12 (Java/11.0.5)';

/**
 * The headers of an emulated delivery. Content-Type: JSON, as the body is; the charset parameter is a
 * guess (Apache HttpClient's JSON content type adds it), not an observation.
 */
export function deliveryHeaders(): Record<string, string> {
  return {
    'content-type': 'application/json; charset=UTF-8',
    'user-agent': `${APPLE_SENDER_USER_AGENT} ${userAgent('emulator; not from Apple')}`,
  };
}

export function deliver(url: string, body: string, opts: DeliverOptions = {}): Promise<PostResult> {
  return postNotification({
    url,
    body,
    redirects: 'follow',
    headers: deliveryHeaders(),
    timeoutMs: opts.timeoutMs ?? DELIVERY_TIMEOUT_MS,
    keepBodyBytes: 512,
    ...(opts.ca ? { ca: opts.ca } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}

export function notificationBody(signedPayload: string): string {
  return JSON.stringify({ signedPayload });
}
