// The emulator's own endpoints under /_emulator/ (not Apple's): info, trigger-through-the-emulator,
// fault switches, notification URLs and the raw record list. Reached only past the guard (guard.ts):
// loopback Host, no other origin, JSON bodies, the per-run secret.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkPair } from '../../apple/notification-types.js';
import type { EmulatorCore } from '../core.js';
import { recordJson } from '../history-store.js';
import { FAULT_KINDS, FAULT_TARGETS, faultFits, type Fault, type FaultKind, type FaultTarget } from './faults.js';
import { readBody, sendEmpty, sendJson } from './http-util.js';
import { API_ENDPOINTS, parseRateLimit, type ApiEndpoint } from './rate-limit.js';

export const CONTROL_PREFIX = '/_emulator';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function handleControl(
  core: EmulatorCore,
  info: Record<string, unknown>,
  method: string,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const route = `${method} ${path.slice(CONTROL_PREFIX.length)}`;
  switch (route) {
    case 'GET /info':
      return sendJson(res, 200, { ...info, notifyUrl: core.notifyUrls.Production ?? null, sandboxNotifyUrl: core.notifyUrls.Sandbox ?? null });
    case 'POST /trigger':
      return trigger(core, await jsonBody(req), res);
    case 'GET /faults':
      return sendJson(res, 200, core.faults.list());
    case 'PUT /faults':
      return putFaults(core, await jsonBody(req), res);
    case 'DELETE /faults':
      core.faults.clear();
      return sendJson(res, 200, {});
    case 'PUT /notify-urls':
      return putNotifyUrls(core, await jsonBody(req), res);
    case 'PUT /rate-limits':
      return putRateLimits(core, await jsonBody(req), res);
    case 'GET /notifications':
      return sendJson(res, 200, {
        notifications: core.store.all().map((r) => ({
          notificationUUID: r.notificationUUID,
          notificationType: r.notificationType,
          ...(r.subtype ? { subtype: r.subtype } : {}),
          environment: r.environment,
          url: r.url,
          retrying: r.retrying,
          ...recordJson(r),
        })),
      });
    default:
      return sendEmpty(res, 404);
  }
}

/** The body as a JSON object; undefined when it is not one. A body over the limit throws BodyTooLargeError. */
async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const text = await readBody(req);
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function badRequest(res: ServerResponse, message: string, valid?: string[]): void {
  sendJson(res, 400, { error: message, ...(valid ? { valid } : {}) });
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

async function trigger(core: EmulatorCore, body: Record<string, unknown> | undefined, res: ServerResponse): Promise<void> {
  if (!body) return badRequest(res, 'the body must be a JSON object');
  const checked = checkPair(String(body.notificationType ?? ''), str(body.subtype));
  if (!checked.ok) return badRequest(res, checked.reason, checked.valid);
  const environment = body.environment === 'Production' ? 'Production' : body.environment === undefined || body.environment === 'Sandbox' ? 'Sandbox' : undefined;
  if (!environment) return badRequest(res, 'environment must be Sandbox or Production');
  const appAccountToken = str(body.appAccountToken)?.toLowerCase();
  if (appAccountToken !== undefined && !UUID.test(appAccountToken)) return badRequest(res, 'appAccountToken must be a UUID');
  const url = str(body.to) ?? core.notifyUrlFor(environment);
  if (!url) return badRequest(res, `no URL: pass "to" or start the emulator with a notification URL for ${environment}`);
  const { record, post } = await core.sendNotification(checked.pair, {
    environment,
    url,
    ...(str(body.bundleId) ? { bundleId: str(body.bundleId) } : {}),
    ...(str(body.productId) ? { productId: str(body.productId) } : {}),
    ...(str(body.transactionId) ? { transactionId: str(body.transactionId) } : {}),
    ...(str(body.originalTransactionId) ? { originalTransactionId: str(body.originalTransactionId) } : {}),
    ...(typeof body.appAppleId === 'number' ? { appAppleId: body.appAppleId } : {}),
    ...(appAccountToken ? { appAccountToken } : {}),
  });
  sendJson(res, 200, {
    notificationUUID: record.notificationUUID,
    environment: record.environment,
    url,
    signedPayload: record.signedPayload,
    post,
    retrying: record.retrying,
  });
}

function putFaults(core: EmulatorCore, body: Record<string, unknown> | undefined, res: ServerResponse): void {
  if (!body) return badRequest(res, 'the body must be a JSON object such as {"history":"500"}');
  const updates: [FaultTarget, Fault | undefined][] = [];
  for (const [endpoint, value] of Object.entries(body)) {
    if (!FAULT_TARGETS.includes(endpoint as FaultTarget)) return badRequest(res, `unknown endpoint ${endpoint}`, [...FAULT_TARGETS]);
    const fault = faultFrom(value);
    if (fault === null || (fault && !faultFits(endpoint as FaultTarget, fault.kind))) {
      return badRequest(res, `bad fault for ${endpoint}`, FAULT_KINDS.filter((k) => faultFits(endpoint as FaultTarget, k)));
    }
    updates.push([endpoint as FaultTarget, fault]);
  }
  for (const [endpoint, fault] of updates) core.faults.set(endpoint, fault);
  sendJson(res, 200, core.faults.list());
}

/** "500" | {kind:"500", times?: n} | null (clears); null result means invalid. */
function faultFrom(value: unknown): Fault | undefined | null {
  if (value === null || value === 'none') return undefined;
  const kind = typeof value === 'string' ? value : (value as { kind?: unknown } | undefined)?.kind;
  if (typeof kind !== 'string' || !FAULT_KINDS.includes(kind as FaultKind)) return null;
  const times = typeof value === 'object' ? (value as { times?: unknown }).times : undefined;
  if (times !== undefined && (typeof times !== 'number' || !Number.isInteger(times) || times < 1)) return null;
  return times === undefined ? { kind: kind as FaultKind } : { kind: kind as FaultKind, remaining: times };
}

function putNotifyUrls(core: EmulatorCore, body: Record<string, unknown> | undefined, res: ServerResponse): void {
  if (!body) return badRequest(res, 'the body must be a JSON object such as {"notifyUrl":"http://127.0.0.1:8080/asn"}');
  for (const [field, env] of [['notifyUrl', 'Production'], ['sandboxNotifyUrl', 'Sandbox']] as const) {
    if (!(field in body)) continue;
    const v = body[field];
    if (v === null) delete core.notifyUrls[env];
    else if (typeof v === 'string' && URL.canParse(v)) core.notifyUrls[env] = v;
    else return badRequest(res, `${field} must be a URL or null`);
  }
  sendJson(res, 200, { notifyUrl: core.notifyUrls.Production ?? null, sandboxNotifyUrl: core.notifyUrls.Sandbox ?? null });
}

function putRateLimits(core: EmulatorCore, body: Record<string, unknown> | undefined, res: ServerResponse): void {
  if (!body) return badRequest(res, 'the body must be a JSON object such as {"test":"2/10s"}');
  for (const [endpoint, value] of Object.entries(body)) {
    if (!API_ENDPOINTS.includes(endpoint as ApiEndpoint)) return badRequest(res, `unknown endpoint ${endpoint}`, [...API_ENDPOINTS]);
    if (value === null) {
      delete core.limiter.overrides[endpoint as ApiEndpoint];
      continue;
    }
    const limit = typeof value === 'string' ? parseRateLimit(value) : undefined;
    if (!limit) return badRequest(res, `bad rate limit for ${endpoint}: use N or N/duration such as 2/10s`);
    core.limiter.overrides[endpoint as ApiEndpoint] = limit;
  }
  sendJson(res, 200, core.limiter.overrides);
}
