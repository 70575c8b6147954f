// The App Store Server API endpoints a handler calls after a notification, answered from the purchases
// the emulator's own notifications were made of (transaction-store.ts): Get Transaction Info, Get All
// Subscription Statuses, Get Transaction History (v2) and Get App Transaction Info. Shapes follow
// Apple's models (TransactionInfoResponse, StatusResponse, HistoryResponse, AppTransactionInfoResponse);
// every signed value is signed again now, as Apple signs each answer (signedDate, or an AppTransaction's
// receiptCreationDate, is the time of the answer). docs/apple/api.md#endpoints-the-emulator-serves
import type { ServerResponse } from 'node:http';
import type { EmulatorCore } from '../core.js';
import type { Environment } from '../payloads/ids.js';
import { signerFor } from '../sign-notification.js';
import type { StoredTransaction } from '../transaction-store.js';
import { API_ERRORS, type ApiError } from './api-errors.js';
import { decodePathSegment, sendApiError, sendJson } from './http-util.js';
import type { ApiEndpoint } from './rate-limit.js';

export type TransactionEndpoint = Extract<ApiEndpoint, 'transaction' | 'subscriptions' | 'transaction-history' | 'app-transaction'>;

/** Apple's pages hold at most 20 transactions (HistoryResponse). */
export const HISTORY_PAGE_SIZE = 20;
/** Transaction IDs, original transaction IDs and app transaction IDs are decimal numbers. */
const ANY_TRANSACTION_ID = /^\d{1,20}$/;

const ROUTES: [RegExp, TransactionEndpoint][] = [
  [/^\/inApps\/v1\/transactions\/appTransactions\/([^/]*)$/, 'app-transaction'],
  [/^\/inApps\/v1\/transactions\/([^/]*)$/, 'transaction'],
  [/^\/inApps\/v1\/subscriptions\/([^/]*)$/, 'subscriptions'],
  [/^\/inApps\/v2\/history\/([^/]*)$/, 'transaction-history'],
];

/** The endpoint and its path ID for one of these paths (all GET), or undefined. */
export function matchTransactionRoute(path: string): { endpoint: TransactionEndpoint; id: string } | undefined {
  for (const [re, endpoint] of ROUTES) {
    const m = re.exec(path);
    if (m) return { endpoint, id: decodePathSegment(m[1]!) };
  }
  return undefined;
}

export function handleTransactionRoute(
  core: EmulatorCore,
  env: Environment,
  route: { endpoint: TransactionEndpoint; id: string },
  query: URLSearchParams,
  res: ServerResponse,
): void {
  if (!ANY_TRANSACTION_ID.test(route.id)) return sendApiError(res, API_ERRORS.InvalidTransactionId);
  const bundleId = core.key.bundleId;
  const sign = (payload: Record<string, unknown>, dateField = 'signedDate') => signerFor(core.state).sign({ ...payload, [dateField]: Date.now() });
  const app = { environment: env, bundleId, appAppleId: core.opts.appAppleId };
  const store = core.transactions;

  if (route.endpoint === 'transaction') {
    if (store.isAppTransactionId(env, bundleId, route.id)) return sendApiError(res, API_ERRORS.AppTransactionIdNotSupported);
    const t = store.transaction(env, bundleId, route.id);
    if (!t) return sendApiError(res, API_ERRORS.TransactionIdNotFound);
    return sendJson(res, 200, { signedTransactionInfo: sign(t.payload) });
  }

  const customer = store.customer(env, bundleId, route.id);
  if (!customer) return sendApiError(res, API_ERRORS.TransactionIdNotFound);
  switch (route.endpoint) {
    case 'app-transaction':
      return sendJson(res, 200, { signedAppTransactionInfo: sign(customer.appTransaction, 'receiptCreationDate') });
    case 'subscriptions': {
      const statuses = parseStatuses(query.getAll('status'));
      if (!statuses) return sendApiError(res, API_ERRORS.InvalidStatus);
      const groups = new Map<string, Record<string, unknown>[]>();
      for (const s of customer.subscriptions) {
        if (statuses.size && !statuses.has(s.status)) continue;
        const items = groups.get(s.subscriptionGroupIdentifier) ?? [];
        items.push({ status: s.status, originalTransactionId: s.originalTransactionId, signedTransactionInfo: sign(s.transaction), signedRenewalInfo: sign(s.renewal) });
        groups.set(s.subscriptionGroupIdentifier, items);
      }
      const data = [...groups].map(([subscriptionGroupIdentifier, lastTransactions]) => ({ subscriptionGroupIdentifier, lastTransactions }));
      return sendJson(res, 200, { ...app, data });
    }
    case 'transaction-history': {
      const q = parseHistoryQuery(query);
      if ('errorCode' in q) return sendApiError(res, q);
      const matching = customer.transactions.filter((t) => matches(t.payload, q));
      if (q.sort === 'DESCENDING') matching.reverse();
      const after = q.revision === undefined ? matching : matching.filter((t) => (q.sort === 'DESCENDING' ? t.seq < q.revision! : t.seq > q.revision!));
      const page = after.slice(0, HISTORY_PAGE_SIZE);
      const last = page.at(-1)?.seq ?? q.revision ?? (q.sort === 'DESCENDING' ? Number.MAX_SAFE_INTEGER : 0);
      return sendJson(res, 200, {
        revision: encodeRevision(last),
        hasMore: after.length > page.length,
        ...app,
        signedTransactions: page.map((t: StoredTransaction) => sign(t.payload)),
      });
    }
  }
}

function parseStatuses(values: string[]): Set<number> | undefined {
  const out = new Set<number>();
  for (const v of values) {
    if (!/^[1-5]$/.test(v)) return undefined;
    out.add(Number(v));
  }
  return out;
}

interface HistoryQuery {
  revision?: number;
  startDate?: number;
  endDate?: number;
  productIds: string[];
  productTypes: string[];
  sort: 'ASCENDING' | 'DESCENDING';
  groups: string[];
  ownership?: string;
  revoked?: boolean;
}

/** Apple's productType values and the `type` each matches in a transaction. */
const PRODUCT_TYPES: Record<string, string> = {
  AUTO_RENEWABLE: 'Auto-Renewable Subscription',
  NON_RENEWABLE: 'Non-Renewing Subscription',
  CONSUMABLE: 'Consumable',
  NON_CONSUMABLE: 'Non-Consumable',
};

/** The query of Get Transaction History (TransactionHistoryRequest, as Apple's libraries send it). */
function parseHistoryQuery(q: URLSearchParams): HistoryQuery | ApiError {
  const out: HistoryQuery = { productIds: q.getAll('productId'), productTypes: q.getAll('productType'), sort: 'ASCENDING', groups: q.getAll('subscriptionGroupIdentifier') };
  const revision = q.get('revision');
  if (revision !== null) {
    const seq = decodeRevision(revision);
    if (seq === undefined) return API_ERRORS.InvalidRequestRevision;
    out.revision = seq;
  }
  for (const [name, error] of [
    ['startDate', API_ERRORS.InvalidStartDate],
    ['endDate', API_ERRORS.InvalidEndDate],
  ] as const) {
    const v = q.get(name);
    if (v === null) continue;
    if (!/^\d{1,15}$/.test(v) || Number(v) <= 0) return error;
    out[name] = Number(v);
  }
  if (out.startDate !== undefined && out.endDate !== undefined && out.startDate >= out.endDate) return API_ERRORS.StartDateAfterEndDate;
  if (out.productIds.some((p) => p === '')) return API_ERRORS.InvalidProductId;
  if (out.productTypes.some((t) => !PRODUCT_TYPES[t])) return API_ERRORS.InvalidProductType;
  if (out.groups.some((g) => g === '')) return API_ERRORS.InvalidSubscriptionGroupIdentifier;
  const sort = q.get('sort');
  if (sort !== null) {
    if (sort !== 'ASCENDING' && sort !== 'DESCENDING') return API_ERRORS.InvalidSort;
    out.sort = sort;
  }
  const ownership = q.get('inAppOwnershipType');
  if (ownership !== null) {
    if (ownership !== 'PURCHASED' && ownership !== 'FAMILY_SHARED') return API_ERRORS.InvalidInAppOwnershipType;
    out.ownership = ownership;
  }
  const revoked = q.get('revoked');
  if (revoked !== null) {
    if (revoked !== 'true' && revoked !== 'false') return API_ERRORS.InvalidRevoked;
    out.revoked = revoked === 'true';
  }
  return out;
}

/** Apple's filters: all given must match; dates on purchaseDate, start inclusive, end exclusive. */
function matches(t: Record<string, unknown>, q: HistoryQuery): boolean {
  const purchased = typeof t.purchaseDate === 'number' ? t.purchaseDate : 0;
  if (q.startDate !== undefined && purchased < q.startDate) return false;
  if (q.endDate !== undefined && purchased >= q.endDate) return false;
  if (q.productIds.length && !q.productIds.includes(String(t.productId))) return false;
  if (q.productTypes.length && !q.productTypes.some((p) => PRODUCT_TYPES[p] === t.type)) return false;
  if (q.groups.length && !q.groups.includes(String(t.subscriptionGroupIdentifier))) return false;
  if (q.ownership !== undefined && t.inAppOwnershipType !== q.ownership) return false;
  if (q.revoked !== undefined && (t.revocationDate !== undefined) !== q.revoked) return false;
  return true;
}

// The revision is opaque to clients; here it is the store position of the last transaction returned,
// so a later call with it returns what changed since (Apple: "sorted by recently modified date").
const REVISION_PREFIX = 'asn-doctor-revision:';

function encodeRevision(seq: number): string {
  return Buffer.from(`${REVISION_PREFIX}${seq}`).toString('base64url');
}

function decodeRevision(text: string): number | undefined {
  const m = /^asn-doctor-revision:(\d{1,16})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}
