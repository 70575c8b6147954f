// Client for the emulator's own control endpoints (not Apple's API): POST /_emulator/trigger asks a
// running emulator to sign, record and deliver one notification, so it also shows up in its
// notification history; GET /_emulator/info tells where its root CA is. Used by `trigger --via`,
// the demo, and the lookup of the emulator's CA by the API commands. Every call carries the
// emulator's per-run secret, read from its state folder unless given.
import { readFile } from 'node:fs/promises';
import type { PostResult } from '../delivery/post.js';
import { boundedRequest } from '../http/bounded-request.js';
import { DELIVERY_TIMEOUT_MS } from '../delivery/deliver.js';
import { CONTROL_SECRET_HEADER } from './server/guard.js';
import { controlSecretPath, defaultStateDir } from './state-dir.js';

/**
 * The emulator answers a trigger after its own first delivery attempt (bounded by its delivery
 * timeout, 15 s unless started with another): wait for that plus a margin, never for ever.
 */
export const TRIGGER_DEADLINE_MS = DELIVERY_TIMEOUT_MS + 15_000;
const INFO_DEADLINE_MS = 10_000;
/** The emulator's answers are small JSON documents; a signed notification is the largest part. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export interface ControlClientOptions {
  /** The emulator's control secret; read from `stateDir` when absent. */
  secret?: string;
  /** The emulator's state folder (default: the default state folder of this environment). */
  stateDir?: string;
  /** An App Store Server API token the emulator accepts: enough, instead of the secret, for its info endpoint. */
  apiToken?: string;
  signal?: AbortSignal;
  /** Overall limit for the call (default: TRIGGER_DEADLINE_MS for a trigger, 10 s for info). */
  deadlineMs?: number;
}

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
  /** appAccountToken (a UUID) on the transaction and renewal info. */
  appAccountToken?: string;
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

  /** Refused by the guard (no or wrong control secret), not by the trigger itself. */
  get secretRefused(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

function controlUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/_emulator/${path}`;
}

/** The control secret of the emulator at `baseUrl`: given, or read from its state folder by port. */
async function secretFor(baseUrl: string, opts: ControlClientOptions): Promise<string | undefined> {
  if (opts.secret) return opts.secret;
  const url = new URL(baseUrl);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const path = controlSecretPath(opts.stateDir ?? defaultStateDir(process.env), port);
  // Missing: the request goes without one and the emulator's 401 says where to find it.
  return (await readFile(path, 'utf8').catch(() => undefined))?.trim() || undefined;
}

async function controlHeaders(baseUrl: string, opts: ControlClientOptions): Promise<Record<string, string>> {
  const secret = await secretFor(baseUrl, opts);
  return {
    ...(secret ? { [CONTROL_SECRET_HEADER]: secret } : {}),
    ...(opts.apiToken ? { authorization: `Bearer ${opts.apiToken}` } : {}),
  };
}

/**
 * Throws EmulatorRefusedError when the emulator says no, and a BoundedRequestError when it cannot be
 * reached or does not answer within the deadline.
 */
export async function triggerThroughEmulator(baseUrl: string, body: EmulatorTriggerRequest, opts: ControlClientOptions = {}): Promise<EmulatorTriggered> {
  const res = await boundedRequest(controlUrl(baseUrl, 'trigger'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await controlHeaders(baseUrl, opts)) },
    body: JSON.stringify(body),
    deadlineMs: opts.deadlineMs ?? TRIGGER_DEADLINE_MS,
    maxBodyBytes: MAX_ANSWER_BYTES,
    ...(opts.signal ? { signal: opts.signal } : {}),
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
export async function emulatorRootCaPath(baseUrl: string, opts: ControlClientOptions = {}): Promise<string | undefined> {
  const res = await boundedRequest(controlUrl(baseUrl, 'info'), {
    headers: await controlHeaders(baseUrl, opts),
    deadlineMs: opts.deadlineMs ?? INFO_DEADLINE_MS,
    maxBodyBytes: MAX_ANSWER_BYTES,
    ...(opts.signal ? { signal: opts.signal } : {}),
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
