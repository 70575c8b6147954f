// The emulator's deliveries go through the shared engine (src/delivery/deliver.ts), saying who sends.
import { deliverNotification, type DeliverOptions } from '../delivery/deliver.js';
import type { PostResult } from '../delivery/post.js';

export { DELIVERY_TIMEOUT_MS, notificationBody } from '../delivery/deliver.js';

export function deliver(url: string, body: string, opts: Omit<DeliverOptions, 'userAgentNote'> = {}): Promise<PostResult> {
  // Apple's own User-Agent is not documented; ours says plainly that this is not Apple.
  return deliverNotification(url, body, { ...opts, userAgentNote: 'emulator; not from Apple' });
}
