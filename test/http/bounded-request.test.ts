// The one bounded request: whatever a server does, the exchange ends at its deadline, reading stops
// at the body cap, and a cancellation is told apart from a timeout. Real sockets on 127.0.0.1.
import { afterAll, describe, expect, it } from 'vitest';
import { BoundedRequestError, boundedRequest } from '../../src/http/bounded-request.js';
import { HOSTILITIES, misbehave, startRawServer, timed, type RawServer } from '../helpers/hostile-http.js';
import { AT_ONCE_MS } from '../helpers/at-once.js';

// Longer than the drip's one-second gap, so only a deadline on the whole request can end it.
const DEADLINE_MS = 1500;
// Generous: the point is "ends", not a precise time on a shared machine.
const UPPER_BOUND_MS = DEADLINE_MS + 2500;
const servers: RawServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));
const serve = async (...args: Parameters<typeof startRawServer>) => {
  const s = await startRawServer(...args);
  servers.push(s);
  return s;
};

describe.concurrent('boundedRequest', () => {
  it.each(HOSTILITIES)('a server that answers with %s: the deadline ends the request', async (kind) => {
    const s = await serve(misbehave(kind));
    const r = await timed(() => boundedRequest(s.url, { method: 'POST', body: '{}', deadlineMs: DEADLINE_MS, maxBodyBytes: 4096 }));
    expect(r.error).toBeInstanceOf(BoundedRequestError);
    const err = r.error as BoundedRequestError;
    expect(err.failure).toBe('deadline');
    expect(err.code).toBe('ASN_DEADLINE');
    // Headers that did arrive are kept (the status line tells a slow body from silence).
    expect(err.phase).toBe(kind === 'early-hints' ? 'response' : 'body');
    if (kind !== 'early-hints') expect(err.partial?.status).toBe(200);
    expect(r.ms).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect(r.ms).toBeLessThan(UPPER_BOUND_MS);
  });

  it('an endless body at full speed: reading stops at the cap, long before the deadline', async () => {
    const s = await serve(misbehave('flood'));
    const r = await timed(() => boundedRequest(s.url, { deadlineMs: 20_000, maxBodyBytes: 100_000 }));
    expect(r.error).toBeUndefined();
    expect(r.value).toMatchObject({ status: 200, bodyComplete: false });
    expect(r.value!.body.length).toBe(100_000);
    expect(r.ms).toBeLessThan(5000);
  });

  it('a complete body within the cap is complete', async () => {
    const s = await serve((sock) => sock.once('data', () => sock.end('HTTP/1.1 200 OK\r\ncontent-length: 5\r\nconnection: close\r\n\r\nhello')));
    const r = await boundedRequest(s.url, { deadlineMs: 5000, maxBodyBytes: 5 });
    expect(r).toMatchObject({ status: 200, bodyComplete: true });
    expect(r.body.toString()).toBe('hello');
  });

  it('cancelling is "interrupted", never a timeout, and ends the request at once', async () => {
    const s = await serve(misbehave('early-hints'));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const r = await timed(() => boundedRequest(s.url, { deadlineMs: 10_000, maxBodyBytes: 10, signal: ac.signal }));
    expect((r.error as BoundedRequestError).failure).toBe('interrupted');
    expect((r.error as BoundedRequestError).code).toBe('ASN_INTERRUPTED');
    expect(r.ms).toBeLessThan(AT_ONCE_MS);
  });

  it('a transport failure keeps its own code', async () => {
    const s = await serve((sock) => sock.once('data', () => sock.resetAndDestroy()));
    const r = await timed(() => boundedRequest(s.url, { deadlineMs: 5000, maxBodyBytes: 10 }));
    expect((r.error as BoundedRequestError).failure).toBe('network');
    expect((r.error as BoundedRequestError).code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
  });
});
