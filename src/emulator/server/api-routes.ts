// Apple's three notification endpoints (docs/apple/api.md#endpoints-the-emulator-serves): Request a Test Notification,
// Get Test Notification Status and Get Notification History, with Apple's JSON shapes and error codes.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HISTORY_WINDOW_DAYS } from '../../api/history.js';
import { NOTIFICATION_SUBTYPES } from '../../apple/notification-types.js';
import type { EmulatorCore } from '../core.js';
import { recordJson, type HistoryQuery } from '../history-store.js';
import type { Environment } from '../payloads/ids.js';
import { API_ERRORS, type ApiError } from './api-errors.js';
import { readBody, sendApiError, sendEmpty, sendJson } from './http-util.js';

export const PAGE_SIZE = 20;
const DAY_MS = 24 * 3600_000;
const TOKEN_FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(_\d+)?$/i;

export function requestTestNotification(core: EmulatorCore, env: Environment, res: ServerResponse): void {
  const url = core.notifyUrlFor(env);
  if (!url) return sendApiError(res, API_ERRORS.ServerNotificationUrlNotFound);
  const testNotificationToken = randomUUID();
  core.startNotification({ notificationType: 'TEST' }, { environment: env, url, bundleId: core.key.bundleId, testNotificationToken });
  sendJson(res, 200, { testNotificationToken });
}

export function getTestNotificationStatus(core: EmulatorCore, env: Environment, token: string, res: ServerResponse): void {
  if (!TOKEN_FORMAT.test(token)) return sendApiError(res, API_ERRORS.InvalidTestNotificationToken);
  const record = core.store.byTestToken(token);
  // Until the first attempt is recorded Apple answers 404 4040008; so it does for unknown tokens.
  if (!record || record.environment !== env || record.bundleId !== core.key.bundleId || record.sendAttempts.length === 0) {
    return sendApiError(res, API_ERRORS.TestNotificationNotFound);
  }
  sendJson(res, 200, recordJson(record));
}

export async function getNotificationHistory(
  core: EmulatorCore,
  env: Environment,
  req: IncomingMessage,
  paginationToken: string | null,
  res: ServerResponse,
): Promise<void> {
  const now = Date.now();
  // Apple answers 415 to form-encoded history requests (docs/apple/api.md#notification-history-request).
  if (/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(req.headers['content-type'] ?? '')) {
    req.resume();
    return sendEmpty(res, 415);
  }
  // A body over the limit throws BodyTooLargeError: answered 400 with the connection closed.
  const text = await readBody(req);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return sendApiError(res, API_ERRORS.GeneralBadRequest);
  }
  const parsed = parseHistoryRequest(body, env, core.key.bundleId, now);
  if ('errorCode' in parsed) return sendApiError(res, parsed);
  if (parsed.transactionId !== undefined) {
    // Any transaction of the customer selects all of the customer's notifications.
    const customerIds = core.transactions.customerIds(env, core.key.bundleId, parsed.transactionId);
    if (!customerIds) return sendApiError(res, API_ERRORS.TransactionIdNotFound);
    parsed.customerIds = customerIds;
  }

  let page;
  if (paginationToken !== null) {
    page = core.paginations.get(paginationToken);
    if (!page || page.environment !== env || page.bundleId !== core.key.bundleId) {
      return sendApiError(res, API_ERRORS.InvalidPaginationToken);
    }
    if (now - page.createdAt > (core.opts.paginationTokenTtlMs ?? DAY_MS)) {
      core.paginations.delete(paginationToken);
      return sendApiError(res, API_ERRORS.PaginationTokenExpired);
    }
  } else {
    // Snapshot the matches so later pages stay stable while new notifications arrive.
    page = { environment: env, bundleId: core.key.bundleId, records: core.store.query(parsed), offset: 0, createdAt: now };
  }
  const slice = page.records.slice(page.offset, page.offset + PAGE_SIZE);
  const hasMore = page.offset + PAGE_SIZE < page.records.length;
  const out: Record<string, unknown> = { notificationHistory: slice.map(recordJson), hasMore };
  if (hasMore) {
    const next = randomUUID();
    prunePaginations(core, now);
    core.paginations.set(next, { ...page, offset: page.offset + PAGE_SIZE, createdAt: now });
    out.paginationToken = next;
  }
  sendJson(res, 200, out);
}

/** Forgets pagination tokens well past their lifetime so a long-running emulator does not grow. */
function prunePaginations(core: EmulatorCore, now: number): void {
  const ttl = core.opts.paginationTokenTtlMs ?? DAY_MS;
  for (const [token, page] of core.paginations) if (now - page.createdAt > 2 * ttl) core.paginations.delete(token);
}

function isTimestamp(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

/** Validates a NotificationHistoryRequest (docs/apple/api.md#notification-history-request). */
export function parseHistoryRequest(body: unknown, env: Environment, bundleId: string, now: number): HistoryQuery | ApiError {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return API_ERRORS.GeneralBadRequest;
  const b = body as Record<string, unknown>;
  if (!isTimestamp(b.startDate)) return API_ERRORS.InvalidStartDate;
  if (!isTimestamp(b.endDate)) return API_ERRORS.InvalidEndDate;
  const endDate = Math.min(b.endDate, now); // a future end date is clamped to now
  if (b.startDate >= endDate) return API_ERRORS.StartDateAfterEndDate;
  const maxAgeDays = HISTORY_WINDOW_DAYS[env === 'Sandbox' ? 'sandbox' : 'production'];
  if (b.startDate < now - maxAgeDays * DAY_MS) return API_ERRORS.StartDateTooFarInPast;
  const type = b.notificationType;
  const subtype = b.notificationSubtype;
  if (type !== undefined && (typeof type !== 'string' || !NOTIFICATION_SUBTYPES[type])) return API_ERRORS.InvalidNotificationType;
  if (subtype !== undefined) {
    if (typeof subtype !== 'string' || typeof type !== 'string') return API_ERRORS.InvalidNotificationType;
    if (!NOTIFICATION_SUBTYPES[type]?.includes(subtype)) return API_ERRORS.InvalidNotificationType;
  }
  const transactionId = b.transactionId;
  if (transactionId !== undefined && type !== undefined) return API_ERRORS.MultipleFiltersSupplied;
  if (transactionId !== undefined && (typeof transactionId !== 'string' || !/^\d{1,20}$/.test(transactionId))) {
    return API_ERRORS.InvalidTransactionId;
  }
  if (b.onlyFailures !== undefined && typeof b.onlyFailures !== 'boolean') return API_ERRORS.GeneralBadRequest;
  return {
    environment: env,
    bundleId,
    startDate: b.startDate,
    endDate,
    ...(typeof type === 'string' ? { notificationType: type } : {}),
    ...(typeof subtype === 'string' ? { notificationSubtype: subtype } : {}),
    ...(typeof transactionId === 'string' ? { transactionId } : {}),
    ...(b.onlyFailures === true ? { onlyFailures: true } : {}),
  };
}
