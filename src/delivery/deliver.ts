// Delivering one notification the way Apple's sender does: POST {"signedPayload": ...} as JSON,
// following redirects, one bounded attempt, classified in sendAttemptResult terms (classify.ts).
// The emulator's sender, trigger and replay all deliver through here.
import { postNotification, type PostResult } from './post.js';

export interface DeliverOptions {
  /** Added to our User-Agent: who is sending, and that it is not Apple (`emulator; not from Apple`). */
  userAgentNote: string;
  /** Headers that replace ours (the emulator sends those of Apple's sender). */
  headers?: Record<string, string>;
  /** Extra trust anchors (PEM) for a local HTTPS receiver. */
  ca?: string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Apple does not document its delivery timeout; 15 s is our stand-in (docs/apple/delivery.md#timeouts). */
export const DELIVERY_TIMEOUT_MS = 15_000;

/** The body Apple sends: `{"signedPayload":"<JWS>"}`, the JWS byte for byte (base64url needs no escaping). */
export function notificationBody(signedPayload: string): string {
  return JSON.stringify({ signedPayload });
}

/** POSTs `body` (a notification body, exactly as given) to `url` and says what Apple would record. */
export function deliverNotification(url: string, body: string | Buffer, opts: DeliverOptions): Promise<PostResult> {
  return postNotification({
    url,
    body,
    redirects: 'follow',
    userAgentNote: opts.userAgentNote,
    ...(opts.headers ? { headers: opts.headers } : {}),
    timeoutMs: opts.timeoutMs ?? DELIVERY_TIMEOUT_MS,
    keepBodyBytes: 512,
    ...(opts.ca ? { ca: opts.ca } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}
