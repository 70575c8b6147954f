// Client for the emulator's own control endpoints (not Apple's API): POST /_emulator/trigger asks a
// running emulator to sign, record and deliver one notification, so it also shows up in its
// notification history; GET /_emulator/info tells where its root CA is. Used by `trigger --via`,
// the demo, and the lookup of the emulator's CA by the API commands.
import { request } from 'undici';
import type { PostResult } from '../delivery/post.js';

export interface EmulatorTriggerRequest {
  notificationType: string;
  subtype?: string;
  /** Delivery URL; the emulator's configured notification URL when absent. */
  to?: string;
  environment?: 'Sandbox' | 'Production';
  bundleId?: string;
  productId?: string;
  transactionId?: string;
  originalTransactionId?: string;
  appAppleId?: number;
}

export interface EmulatorTriggered {
  notificationUUID: string;
  environment: string;
  /** Where the emulator delivered it. */
  url: string;
  signedPayload: string;
  post: PostResult;
}

/** The emulator answered but would not send (unknown type, no URL…); `reason` is its own words. */
export class EmulatorRefusedError extends Error {
  constructor(
    readonly notificationType: string,
    readonly status: number,
    readonly reason: string,
  ) {
    super(`the emulator refused ${notificationType}: ${reason}`);
    this.name = 'EmulatorRefusedError';
  }
}

function controlUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/_emulator/${path}`;
}

/** Throws EmulatorRefusedError when the emulator says no, and undici's error when it cannot be reached. */
export async function triggerThroughEmulator(baseUrl: string, body: EmulatorTriggerRequest, signal?: AbortSignal): Promise<EmulatorTriggered> {
  const res = await request(controlUrl(baseUrl, 'trigger'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  const json = (await res.body.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.statusCode !== 200) throw new EmulatorRefusedError(body.notificationType, res.statusCode, String(json.error ?? `HTTP ${res.statusCode}`));
  return {
    notificationUUID: String(json.notificationUUID),
    environment: String(json.environment),
    url: String(json.url),
    signedPayload: String(json.signedPayload),
    post: json.post as PostResult,
  };
}

/** The emulator's root CA path from its info endpoint; undefined when the answer does not name one. */
export async function emulatorRootCaPath(baseUrl: string, signal?: AbortSignal): Promise<string | undefined> {
  const res = await request(controlUrl(baseUrl, 'info'), signal ? { signal } : {});
  const text = await res.body.text();
  if (res.statusCode !== 200) return undefined;
  try {
    const info = JSON.parse(text) as { rootCaPath?: unknown };
    return typeof info.rootCaPath === 'string' ? info.rootCaPath : undefined;
  } catch {
    return undefined;
  }
}
