// Client for the emulator's own control endpoints (not Apple's API): POST /_emulator/trigger asks a
// running emulator to sign, record and deliver one notification, so it also shows up in its
// notification history; GET /_emulator/info tells where its root CA is. Used by `trigger --via`,
// the demo, and the lookup of the emulator's CA by the API commands.
import type { PostResult } from '../delivery/post.js';
import { boundedRequest } from '../util/bounded-request.js';
import { DELIVERY_TIMEOUT_MS } from './delivery.js';

/**
 * The emulator answers a trigger after its own first delivery attempt (bounded by its delivery
 * timeout, 15 s unless started with another): wait for that plus a margin, never for ever.
 */
export const TRIGGER_DEADLINE_MS = DELIVERY_TIMEOUT_MS + 15_000;
const INFO_DEADLINE_MS = 10_000;
/** The emulator's answers are small JSON documents; a signed notification is the largest part. */
const MAX_ANSWER_BYTES = 1024 * 1024;

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

/**
 * Throws EmulatorRefusedError when the emulator says no, and a BoundedRequestError when it cannot be
 * reached or does not answer within `deadlineMs`.
 */
export async function triggerThroughEmulator(
  baseUrl: string,
  body: EmulatorTriggerRequest,
  signal?: AbortSignal,
  deadlineMs = TRIGGER_DEADLINE_MS,
): Promise<EmulatorTriggered> {
  const res = await boundedRequest(controlUrl(baseUrl, 'trigger'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    deadlineMs,
    maxBodyBytes: MAX_ANSWER_BYTES,
    ...(signal ? { signal } : {}),
  });
  const json = parseObject(res.body.toString('utf8'));
  if (res.status !== 200) throw new EmulatorRefusedError(body.notificationType, res.status, String(json.error ?? `HTTP ${res.status}`));
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
  const res = await boundedRequest(controlUrl(baseUrl, 'info'), {
    deadlineMs: INFO_DEADLINE_MS,
    maxBodyBytes: MAX_ANSWER_BYTES,
    ...(signal ? { signal } : {}),
  });
  if (res.status !== 200) return undefined;
  const info = parseObject(res.body.toString('utf8'));
  return typeof info.rootCaPath === 'string' ? info.rootCaPath : undefined;
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
