// Sends one notification body the way Apple's sender does: POST {"signedPayload": ...}, following
// redirects, classified with the same sendAttemptResult classifier check-url uses.
import { postNotification, type PostResult } from '../delivery/post.js';

export interface DeliverOptions {
  /** Extra trust anchors (PEM) for a local HTTPS receiver. */
  ca?: string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Apple does not document its delivery timeout; 15 s is our stand-in. */
export const DELIVERY_TIMEOUT_MS = 15_000;

export function deliver(url: string, body: string, opts: DeliverOptions = {}): Promise<PostResult> {
  return postNotification({
    url,
    body,
    redirects: 'follow',
    // Apple's own User-Agent is not documented; ours says plainly that this is not Apple.
    userAgentNote: 'emulator; not from Apple',
    timeoutMs: opts.timeoutMs ?? DELIVERY_TIMEOUT_MS,
    keepBodyBytes: 512,
    ...(opts.ca ? { ca: opts.ca } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}

export function notificationBody(signedPayload: string): string {
  return JSON.stringify({ signedPayload });
}
