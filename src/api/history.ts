// Get Notification History: the request is checked here before anything is sent (Apple's window is
// 180 days in production and 30 in sandbox; notificationType and transactionId exclude each other;
// a subtype needs a type), then pages are followed through paginationToken.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiClient } from './client.js';
import type { ApiEnvironment } from './endpoints.js';
import { NOTIFICATION_SUBTYPES } from '../apple/notification-types.js';
import { isRecord, readSendAttempts, shapeError, type SendAttempt } from './shapes.js';
import { isoDate } from '../report/format.js';
import type { DiagnosticId } from '../report/diagnostics/index.js';

export const HISTORY_PATH = '/inApps/v1/notifications/history';
const DAY_MS = 24 * 3600_000;
export const HISTORY_WINDOW_DAYS: Record<ApiEnvironment, number> = { production: 180, sandbox: 30 };
/** Start dates this close to the window's edge move inside it: Apple's clock runs on while the request travels. */
const EDGE_MARGIN_MS = 5 * 60_000;

export interface HistoryFilters {
  since?: string;
  until?: string;
  type?: string;
  subtype?: string;
  transactionId?: string;
  onlyFailures?: boolean;
}

/** NotificationHistoryRequest as Apple documents it (the emulator's query adds its routing fields). */
export interface HistoryRequestBody {
  startDate: number;
  endDate: number;
  notificationType?: string;
  notificationSubtype?: string;
  transactionId?: string;
  onlyFailures?: boolean;
}

/** A problem with the filters, named by its diagnostics id (`history.*`), found before any request. */
export class HistoryInputError extends Error {
  constructor(
    readonly id: DiagnosticId,
    readonly vars: Record<string, string | number>,
  ) {
    super(id);
    this.name = 'HistoryInputError';
  }
}

export interface BuiltHistoryRequest {
  body: HistoryRequestBody;
  /** Diagnostics ids with vars for things worth telling (unknown type, start moved inside the window). */
  notes: { id: DiagnosticId; vars: Record<string, string | number> }[];
}

export const DEFAULT_SINCE = '7d';

/**
 * Checks the filters and builds the request body. Without an environment (credentials not read yet)
 * everything but the history window is checked: the window depends on the environment, 180 days in
 * production and 30 in sandbox, and an error must name the one the user is asking about.
 */
export function buildHistoryRequest(filters: HistoryFilters, environment: ApiEnvironment | undefined, now: number): BuiltHistoryRequest {
  const notes: BuiltHistoryRequest['notes'] = [];
  if (filters.type !== undefined && filters.transactionId !== undefined) {
    throw new HistoryInputError('api.history.filters-exclusive', {});
  }
  if (filters.subtype !== undefined && filters.type === undefined) {
    throw new HistoryInputError('api.history.subtype-needs-type', { subtype: filters.subtype });
  }
  const startDate = parseTimeSpec(filters.since ?? DEFAULT_SINCE, now, '--since');
  let endDate = filters.until === undefined ? now : parseTimeSpec(filters.until, now, '--until');
  if (endDate > now) endDate = now; // Apple treats a future end as now; say the same thing here.
  if (startDate >= endDate) {
    throw new HistoryInputError('api.history.start-not-before-end', { start: iso(startDate), end: iso(endDate) });
  }
  let start = startDate;
  if (environment !== undefined) {
    const days = HISTORY_WINDOW_DAYS[environment];
    const earliest = now - days * DAY_MS;
    if (start < earliest - EDGE_MARGIN_MS) {
      throw new HistoryInputError('api.history.start-too-old', { start: iso(start), days, environment, earliest: iso(earliest + EDGE_MARGIN_MS) });
    }
    if (start < earliest + EDGE_MARGIN_MS) {
      start = earliest + EDGE_MARGIN_MS;
      notes.push({ id: 'api.history.start-moved', vars: { start: iso(start), days } });
    }
  }
  const body: HistoryRequestBody = { startDate: start, endDate };
  if (filters.type !== undefined) {
    const type = normaliseEnum(filters.type, '--type');
    body.notificationType = type;
    const known = NOTIFICATION_SUBTYPES[type]?.filter((s): s is string => s !== null);
    if (!known) notes.push({ id: 'api.history.type-unknown', vars: { type } });
    if (filters.subtype !== undefined) {
      const subtype = normaliseEnum(filters.subtype, '--subtype');
      body.notificationSubtype = subtype;
      if (known && !known.includes(subtype)) {
        notes.push({ id: 'api.history.subtype-unknown', vars: { type, subtype, known: known.length ? known.join(', ') : 'none' } });
      }
    }
  }
  if (filters.transactionId !== undefined) {
    const id = filters.transactionId.trim();
    if (!/^\d{1,20}$/.test(id)) throw new HistoryInputError('api.history.transaction-id-format', { value: filters.transactionId });
    body.transactionId = id;
  }
  if (filters.onlyFailures) body.onlyFailures = true;
  return { body, notes };
}

function normaliseEnum(value: string, flag: string): string {
  const v = value.trim().toUpperCase().replace(/-/g, '_');
  if (!/^[A-Z][A-Z0-9_]*$/.test(v)) throw new HistoryInputError('api.history.enum-format', { flag, value });
  return v;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3600_000, d: DAY_MS, w: 7 * DAY_MS };

/**
 * A point in time: a duration back from now (`90m`, `24h`, `7d`, `2w`), an ISO 8601 date or
 * date-time (`2026-11-01`, `2026-11-01T08:00:00Z`), epoch milliseconds, or `now`.
 */
export function parseTimeSpec(value: string, now: number, flag: string): number {
  const v = value.trim();
  if (v.toLowerCase() === 'now') return now;
  const dur = /^(\d+)\s*([smhdw])$/i.exec(v);
  if (dur) return now - Number(dur[1]) * UNIT_MS[dur[2]!.toLowerCase()]!;
  if (/^\d{12,14}$/.test(v)) return Number(v);
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(v)) {
    // A date-time without a zone is read as UTC, so runs on different machines agree.
    const withZone = /T|\s/.test(v) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(v) ? `${v.replace(' ', 'T')}Z` : v;
    const t = Date.parse(withZone);
    if (!Number.isNaN(t)) return t;
  }
  throw new HistoryInputError('api.history.time-format', { flag, value });
}

export interface HistoryItem {
  signedPayload: string;
  sendAttempts: SendAttempt[];
  firstSendAttemptResult?: string;
}

export interface HistoryPage {
  page: number;
  items: HistoryItem[];
  hasMore: boolean;
}

/** A hard stop against a server that never says hasMore=false (20 items a page: 100 000 notifications). */
export const MAX_PAGES = 5000;

/**
 * Pages of history, following paginationToken with the same body, as Apple's own clients do.
 * Page requests start at least `minIntervalMs` apart (Apple's rate limit for the environment).
 */
export async function* historyPages(client: ApiClient, body: HistoryRequestBody, minIntervalMs = 0): AsyncGenerator<HistoryPage> {
  let token: string | undefined;
  const seen = new Set<string>();
  let lastStart = 0;
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const wait = lastStart + minIntervalMs - Date.now();
    if (page > 1 && wait > 0) await sleep(wait);
    lastStart = Date.now();
    const res = await client.send({ method: 'POST', path: HISTORY_PATH, body, ...(token ? { query: { paginationToken: token } } : {}) });
    const json = res.json;
    const facts = { method: 'POST', url: client.baseUrl + HISTORY_PATH };
    if (!isRecord(json) || !Array.isArray(json.notificationHistory)) {
      throw shapeError(res, facts, 'the answer is not a NotificationHistoryResponse');
    }
    const items: HistoryItem[] = [];
    for (const raw of json.notificationHistory) {
      const attempts = isRecord(raw) ? readSendAttempts(raw.sendAttempts) : undefined;
      if (!isRecord(raw) || typeof raw.signedPayload !== 'string' || attempts === undefined) {
        throw shapeError(res, facts, `page ${page} holds an item that is not a notificationHistoryResponseItem`);
      }
      const item: HistoryItem = { signedPayload: raw.signedPayload, sendAttempts: attempts };
      if (typeof raw.firstSendAttemptResult === 'string') item.firstSendAttemptResult = raw.firstSendAttemptResult;
      items.push(item);
    }
    const hasMore = json.hasMore === true;
    yield { page, items, hasMore };
    if (!hasMore) return;
    if (typeof json.paginationToken !== 'string' || json.paginationToken === '') {
      throw shapeError(res, facts, `page ${page} says hasMore but carries no paginationToken`);
    }
    if (seen.has(json.paginationToken)) throw shapeError(res, facts, `page ${page} repeats an earlier paginationToken`);
    seen.add(json.paginationToken);
    token = json.paginationToken;
  }
}

/** The last attempt decides: production retries stop after a success. */
export function lastAttemptResult(item: { sendAttempts: SendAttempt[]; firstSendAttemptResult?: string }): string | undefined {
  return item.sendAttempts.at(-1)?.sendAttemptResult ?? item.firstSendAttemptResult;
}

function iso(ms: number): string {
  return isoDate(ms);
}
