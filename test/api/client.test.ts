import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type ApiEvent } from '../../src/api/client.js';
import { ApiHttpError, ApiNetworkError, ApiResponseError } from '../../src/api/errors.js';
import { requestTestNotification, getTestNotificationStatus, pollTestStatus } from '../../src/api/test-notification.js';
import { apiErrorToAsn } from '../../src/api/explain.js';
import { historyPages } from '../../src/api/history.js';
import { startLocalApi, type LocalApi } from './local-api.js';
import { version } from '../../src/version.js';

let api: LocalApi;
let clients: ApiClient[] = [];

beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(async () => {
  await api.close();
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
  api.requests.length = 0;
});

function client(opts: { timeoutMs?: number; events?: ApiEvent[]; maxTotalMs?: number } = {}): ApiClient {
  let n = 0;
  const c = new ApiClient({
    baseUrl: api.url,
    environment: 'sandbox',
    signToken: () => `header.payload.sig${(n += 1)}`,
    timeoutMs: opts.timeoutMs ?? 2000,
    retry: { baseDelayMs: 20, maxDelayMs: 50, ...(opts.maxTotalMs ? { maxTotalMs: opts.maxTotalMs } : {}) },
    onEvent: (e) => opts.events?.push(e),
  });
  clients.push(c);
  return c;
}

describe('ApiClient', () => {
  it('sends a fresh bearer token, the User-Agent and no body for the test request', async () => {
    api.script([{ status: 200, json: { testNotificationToken: 'tok-1' } }]);
    const c = client();
    expect((await requestTestNotification(c)).token).toBe('tok-1');
    expect((await requestTestNotification(c)).token).toBe('tok-1');
    const [a, b] = api.requests;
    expect(a!.method).toBe('POST');
    expect(a!.url).toBe('/inApps/v1/notifications/test');
    expect(a!.headers['user-agent']).toBe(`asn-doctor/${version()}`);
    expect(a!.headers['content-type']).toBeUndefined();
    expect(a!.body).toBe('');
    expect(a!.headers.authorization).toBe('Bearer header.payload.sig1');
    expect(b!.headers.authorization).toBe('Bearer header.payload.sig2');
  });

  it('retries 5000001 with a new token each time, then succeeds', async () => {
    api.script([
      { status: 500, json: { errorCode: 5000001, errorMessage: 'retry me' } },
      { status: 500, json: { errorCode: 5000001, errorMessage: 'retry me' } },
      { status: 200, json: { testNotificationToken: 'after-retries' } },
    ]);
    const events: ApiEvent[] = [];
    expect((await requestTestNotification(client({ events }))).token).toBe('after-retries');
    expect(api.requests).toHaveLength(3);
    expect(new Set(api.requests.map((r) => r.headers.authorization)).size).toBe(3);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(2);
  });

  it('does not retry 5000000 and decodes Apple’s error body', async () => {
    api.script([{ status: 500, json: { errorCode: 5000000, errorMessage: 'An unknown error occurred.' }, headers: { 'x-apple-request-uuid': 'req-5' } }]);
    const err = await requestTestNotification(client()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiHttpError);
    expect((err as ApiHttpError).facts).toMatchObject({ status: 500, errorCode: 5000000, requestUuid: 'req-5', attempts: 1 });
    const asn = apiErrorToAsn(err as ApiHttpError, { environment: 'sandbox' });
    expect(asn.exitCode).toBe(3);
    expect(asn.message).toContain('GeneralInternalError');
    expect(asn.message).toContain('x-apple-request-uuid req-5');
  });

  it('waits until the epoch-millisecond Retry-After of a 429, then retries', async () => {
    let retryAt = 0;
    api.script((_req, i) => {
      if (i === 0) {
        retryAt = Date.now() + 300;
        return { status: 429, json: { errorCode: 4290000, errorMessage: 'Rate limit exceeded.' }, headers: { 'retry-after': String(retryAt) } };
      }
      return { status: 200, json: { testNotificationToken: 'waited' } };
    });
    const events: ApiEvent[] = [];
    expect((await requestTestNotification(client({ events }))).token).toBe('waited');
    const retry = events.find((e) => e.type === 'retry');
    expect(retry).toMatchObject({ type: 'retry', reason: 'rate limit exceeded (429)' });
    expect((retry as { delayMs: number }).delayMs).toBeLessThanOrEqual(300);
    expect(api.requests).toHaveLength(2);
    expect(api.requests[1]!.at).toBeGreaterThanOrEqual(retryAt);
  });

  it('gives up on a 429 whose Retry-After lies beyond the retry budget, naming the time', async () => {
    const retryAt = Date.now() + 3_600_000;
    api.script([{ status: 429, json: { errorCode: 4290000, errorMessage: 'Rate limit exceeded.' }, headers: { 'retry-after': String(retryAt) } }]);
    const err = (await requestTestNotification(client({ maxTotalMs: 1000 })).catch((e: unknown) => e)) as ApiHttpError;
    expect(api.requests).toHaveLength(1);
    expect(err.facts.retryAt).toBe(retryAt);
    const asn = apiErrorToAsn(err, { environment: 'sandbox' });
    expect(asn.exitCode).toBe(3);
    expect(asn.message).toContain('retry budget');
  });

  it('shows a non-JSON error body safely: status, content type, request id, a short one-line snippet', async () => {
    const html = `<html>\n<body>\u001b[31m${'Bad gateway '.repeat(40)}</body></html>`;
    api.script([{ status: 502, text: html, headers: { 'content-type': 'text/html', 'x-apple-request-uuid': 'abc-123' } }]);
    const err = (await requestTestNotification(client()).catch((e: unknown) => e)) as ApiHttpError;
    expect(err.facts.snippet).toBeDefined();
    expect(err.facts.snippet!.length).toBeLessThanOrEqual(161);
    expect(err.facts.snippet).not.toMatch(/[\n\u001b]/);
    const asn = apiErrorToAsn(err, { environment: 'sandbox' });
    expect(asn.message).toMatch(/HTTP 502, text\/html, x-apple-request-uuid abc-123, body: "<html> <body>/);
  });

  it('reports a 2xx body that is not JSON as could-not-finish', async () => {
    api.script([{ status: 200, text: '{"testNotificationToken": ', headers: { 'content-type': 'application/json' } }]);
    const err = await requestTestNotification(client()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiResponseError);
    const asn = apiErrorToAsn(err as ApiResponseError, { environment: 'sandbox' });
    expect(asn.exitCode).toBe(3);
    expect(asn.message).toMatch(/not valid JSON/);
  });

  it('bounds a hanging server by the request timeout and does not retry it', async () => {
    api.script(['hang']);
    const err = (await requestTestNotification(client({ timeoutMs: 300 })).catch((e: unknown) => e)) as ApiNetworkError;
    expect(err).toBeInstanceOf(ApiNetworkError);
    expect(err.facts.kind).toBe('timeout');
    expect(api.requests).toHaveLength(1);
  });

  it('retries a connection reset', async () => {
    api.script(['reset', { status: 200, json: { testNotificationToken: 'after-reset' } }]);
    expect((await requestTestNotification(client())).token).toBe('after-reset');
    expect(api.requests).toHaveLength(2);
  });

  it('reads 4040008 as "no status yet" and polls until attempts appear', async () => {
    api.script((_req, i) =>
      i < 2
        ? { status: 404, json: { errorCode: 4040008, errorMessage: 'not yet' } }
        : { status: 200, json: { signedPayload: 'a.b.c', sendAttempts: [{ attemptDate: 1700000000000, sendAttemptResult: 'SUCCESS' }] } },
    );
    const c = client();
    expect(await getTestNotificationStatus(c, 'tok')).toBeUndefined();
    const polled = await pollTestStatus(c, 'tok', { waitMs: 5000, intervalMs: 10 });
    expect(polled.answered).toBe(true);
    expect(polled.polls).toBe(2);
    expect(polled.status?.sendAttempts[0]?.sendAttemptResult).toBe('SUCCESS');
    expect(api.requests.every((r) => r.url === '/inApps/v1/notifications/test/tok')).toBe(true);
  });

  it('stops polling when the wait ends without attempts', async () => {
    api.script([{ status: 404, json: { errorCode: 4040008, errorMessage: 'not yet' } }]);
    const polled = await pollTestStatus(client(), 'tok', { waitMs: 100, intervalMs: 30 });
    expect(polled.answered).toBe(false);
    expect(polled.polls).toBeGreaterThanOrEqual(1);
    // A look-up still on its way when the wait ends is abandoned: it may or may not have reached the
    // server. None starts after the wait: a moment later there are still no more requests than polls.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(api.requests.length).toBeGreaterThanOrEqual(polled.polls - 1);
    expect(api.requests.length).toBeLessThanOrEqual(polled.polls);
  });

  it('follows paginationToken with the same body, and stops on a repeated token', async () => {
    const item = { signedPayload: 'a.b.c', sendAttempts: [{ attemptDate: 1, sendAttemptResult: 'SUCCESS' }] };
    api.script([
      { status: 200, json: { notificationHistory: [item, item], hasMore: true, paginationToken: 'p2' } },
      { status: 200, json: { notificationHistory: [item], hasMore: true, paginationToken: 'p3' } },
      { status: 200, json: { notificationHistory: [item], hasMore: false } },
    ]);
    const body = { startDate: 1, endDate: 2, onlyFailures: true };
    const pages = [];
    for await (const p of historyPages(client(), body)) pages.push(p.items.length);
    expect(pages).toEqual([2, 1, 1]);
    expect(api.requests.map((r) => r.url)).toEqual([
      '/inApps/v1/notifications/history',
      '/inApps/v1/notifications/history?paginationToken=p2',
      '/inApps/v1/notifications/history?paginationToken=p3',
    ]);
    expect(api.requests.every((r) => r.body === JSON.stringify(body) && r.headers['content-type'] === 'application/json')).toBe(true);

    api.requests.length = 0;
    api.script([{ status: 200, json: { notificationHistory: [], hasMore: true, paginationToken: 'same' } }]);
    const err = await (async () => {
      for await (const _ of historyPages(client(), body)) void _;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiResponseError);
    expect((err as ApiResponseError).message).toContain('repeats an earlier paginationToken');
  });
});
