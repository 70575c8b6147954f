// Asks the in-process emulator to sign, record and deliver one notification through its control
// endpoint, exactly as `asn-doctor trigger --via <emulator>` does, so it shows up in history.
import { request } from 'undici';
import type { PostResult } from '../delivery/post.js';

export interface EmulatorTriggered {
  notificationUUID: string;
  environment: string;
  signedPayload: string;
  post: PostResult;
}

export async function triggerViaEmulator(
  baseUrl: string,
  notificationType: string,
  opts: { subtype?: string; to?: string; environment?: 'Sandbox' | 'Production' } = {},
): Promise<EmulatorTriggered> {
  const res = await request(`${baseUrl.replace(/\/+$/, '')}/_emulator/trigger`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ notificationType, ...opts }),
  });
  const body = (await res.body.json()) as EmulatorTriggered & { error?: string };
  if (res.statusCode !== 200) throw new Error(`the emulator refused ${notificationType}: ${body.error ?? res.statusCode}`);
  return body;
}
