// The emulator's deliveries go through the shared engine (src/delivery/deliver.ts), with the request
// headers Apple's sender was seen to send (docs/apple/delivery.md#request-headers).
import { deliverNotification, type DeliverOptions } from '../delivery/deliver.js';
import type { PostResult } from '../delivery/post.js';
import { userAgent } from '../http/user-agent.js';

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

export function deliver(url: string, body: string, opts: Omit<DeliverOptions, 'userAgentNote' | 'headers'> = {}): Promise<PostResult> {
  return deliverNotification(url, body, { ...opts, userAgentNote: 'emulator; not from Apple', headers: deliveryHeaders() });
}
