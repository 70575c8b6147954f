// Every outbound caller ends within its deadline whatever the server does (issue 10, point 1):
// the delivery POST (trigger, emulator, listen --forward-to), the App Store Server API client and its
// status polling (send-test --wait, doctor --send), OCSP, and the emulator control client. Real
// misbehaving servers on 127.0.0.1; each test asserts the outcome and a generous upper bound.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/api/client.js';
import { ApiNetworkError } from '../../src/api/errors.js';
import { pollTestStatus } from '../../src/api/test-notification.js';
import { postNotification } from '../../src/delivery/post.js';
import { deliver } from '../../src/emulator/delivery.js';
import { triggerThroughEmulator } from '../../src/emulator/control-client.js';
import { decodeSignedData } from '../../src/jws/index.js';
import { forwardRequest } from '../../src/listen/forward.js';
import { BoundedRequestError } from '../../src/http/bounded-request.js';
import { createAppleLikeChain, samplePayload, signJws } from '../helpers/apple-like-chain.js';
import { HOSTILITIES, misbehave, startRawServer, timed, type RawServer } from '../helpers/hostile-http.js';
import { AT_ONCE_MS } from '../helpers/at-once.js';

// Longer than the drip's one-second gap, so only a deadline on the whole request can end it.
const DEADLINE_MS = 1500;
const UPPER_BOUND_MS = DEADLINE_MS + 3000;
const servers: RawServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));
async function hostile(kind: Parameters<typeof misbehave>[0]): Promise<RawServer> {
  const s = await startRawServer(misbehave(kind));
  servers.push(s);
  return s;
}

describe.concurrent('delivery POST (trigger, emulator)', () => {
  it.each(HOSTILITIES)('%s: TIMED_OUT within the delivery timeout', async (kind) => {
    const s = await hostile(kind);
    const r = await timed(() => deliver(s.url, '{"signedPayload":"x"}', { timeoutMs: DEADLINE_MS }));
    expect(r.value?.result).toBe('TIMED_OUT');
    expect(r.value?.interrupted).toBeUndefined();
    expect(r.ms).toBeLessThan(UPPER_BOUND_MS);
  });

  it('the deadline covers every redirect hop together', async () => {
    // Each hop answers after 300 ms with another redirect: five hops would take 1.5 s.
    const s = await startRawServer((sock) =>
      sock.once('data', (d) => {
        const n = Number(/GET \/(\d+)|POST \/(\d+)/.exec(d.toString())?.slice(1).find(Boolean) ?? 0);
        setTimeout(() => sock.end(`HTTP/1.1 307 Temporary Redirect\r\nlocation: /${n + 1}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`), 300);
      }),
    );
    servers.push(s);
    const r = await timed(() => postNotification({ url: `${s.url}0`, body: '{}', redirects: 'follow', timeoutMs: DEADLINE_MS }));
    expect(r.value?.result).toBe('TIMED_OUT');
    expect(r.ms).toBeLessThan(UPPER_BOUND_MS);
  });

  it('an interrupted delivery says so instead of TIMED_OUT', async () => {
    const s = await hostile('early-hints');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const r = await timed(() => deliver(s.url, '{}', { timeoutMs: 10_000, signal: ac.signal }));
    expect(r.value).toMatchObject({ interrupted: true });
    expect(r.value?.result).not.toBe('TIMED_OUT');
    expect(r.ms).toBeLessThan(AT_ONCE_MS);
  });
});

describe.concurrent('listen --forward-to', () => {
  it('a handler that drips its answer: 504 within the forward timeout', async () => {
    const s = await hostile('drip');
    const r = await timed(() => forwardRequest(s.url, Buffer.from('{}'), {}, DEADLINE_MS));
    expect(r.value?.outcome).toMatchObject({ result: 'TIMED_OUT' });
    expect(r.ms).toBeLessThan(UPPER_BOUND_MS);
  });
});

describe.concurrent('App Store Server API client', () => {
  const client = (url: string, opts: { timeoutMs?: number; maxTotalMs?: number } = {}) =>
    new ApiClient({
      baseUrl: url.replace(/\/$/, ''),
      environment: 'sandbox',
      signToken: () => 'h.p.s',
      timeoutMs: opts.timeoutMs ?? DEADLINE_MS,
      retry: { baseDelayMs: 10, maxDelayMs: 20, ...(opts.maxTotalMs ? { maxTotalMs: opts.maxTotalMs } : {}) },
    });

  it.each(HOSTILITIES)('%s: a timeout within the request timeout', async (kind) => {
    const s = await hostile(kind);
    const c = client(s.url);
    const r = await timed(() => c.send({ method: 'GET', path: '/inApps/v1/notifications/test/t' }));
    await c.close();
    expect(r.error).toBeInstanceOf(ApiNetworkError);
    expect((r.error as ApiNetworkError).facts.kind).toBe('timeout');
    expect(r.ms).toBeLessThan(UPPER_BOUND_MS);
  });

  it('retries of a resetting server stop within the retry budget, the attempts included', async () => {
    // Resets are retried; each attempt hangs 400 ms before the reset.
    const s = await startRawServer((sock) => sock.once('data', () => setTimeout(() => sock.resetAndDestroy(), 400)));
    servers.push(s);
    const c = client(s.url, { timeoutMs: 5000, maxTotalMs: 1000 });
    const r = await timed(() => c.send({ method: 'POST', path: '/inApps/v1/notifications/test' }));
    await c.close();
    expect((r.error as ApiNetworkError).facts.kind).toMatch(/reset|timeout/);
    expect(r.ms).toBeLessThan(1000 + 2500);
  });

  it('send-test --wait is a hard limit, a status look-up in flight included', async () => {
    // The status endpoint sends 103 Early Hints for ever: each look-up would outlive the wait.
    const s = await hostile('early-hints');
    const c = client(s.url, { timeoutMs: 60_000, maxTotalMs: 120_000 });
    const r = await timed(() => pollTestStatus(c, 'tok', { waitMs: 1500, intervalMs: 200 }));
    await c.close();
    expect(r.value).toMatchObject({ answered: false });
    expect(r.value!.polls).toBeGreaterThanOrEqual(1);
    expect(s.connections()).toBeGreaterThanOrEqual(1);
    expect(r.ms).toBeLessThan(1500 + 2500);
  });

  it('a wait shorter than the poll interval still asks once', async () => {
    const s = await startRawServer((sock) =>
      sock.once('data', () => sock.end('HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 23\r\nconnection: close\r\n\r\n{"errorCode":4040008}  ')),
    );
    servers.push(s);
    const c = client(s.url);
    const polled = await pollTestStatus(c, 'tok', { waitMs: 600, intervalMs: 5000 });
    await c.close();
    expect(polled).toMatchObject({ answered: false, polls: 1 });
    expect(s.connections()).toBe(1);
  });

  it('Ctrl-C during a look-up is an interruption, not "no attempt yet"', async () => {
    const s = await hostile('stall-after-headers');
    const c = client(s.url, { timeoutMs: 60_000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 400);
    const r = await timed(() => pollTestStatus(c, 'tok', { waitMs: 30_000, intervalMs: 100, signal: ac.signal }));
    await c.close();
    expect((r.error as ApiNetworkError).facts.kind).toBe('aborted');
    expect(r.ms).toBeLessThan(AT_ONCE_MS);
  });
});

describe.concurrent('OCSP (decode --online)', () => {
  it.each(HOSTILITIES)('%s responder: "could not reach", within the OCSP timeout', async (kind) => {
    const s = await hostile(kind);
    const aia = { oid: '1.3.6.1.5.5.7.1.1', value: new Uint8Array(new x509.AuthorityInfoAccessExtension({ ocsp: [s.url] }).value) };
    const chain = await createAppleLikeChain({ leafExtensions: [aia], intermediateExtensions: [aia] });
    const r = await timed(() => decodeSignedData(signJws(chain, samplePayload()), { roots: [chain.root.certDer], online: true, ocspTimeoutMs: DEADLINE_MS }));
    const ocsp = r.value!.verification.checks.filter((c) => c.id.startsWith('jws.ocsp.'));
    expect(ocsp.map((c) => c.id)).toEqual(['jws.ocsp.unreachable', 'jws.ocsp.unreachable']);
    expect(ocsp[0]!.title).toContain('timed out');
    expect(r.ms).toBeLessThan(UPPER_BOUND_MS);
  });
});

describe.concurrent('emulator control client (trigger --via)', () => {
  it('an emulator that never finishes answering: the trigger ends at its deadline', async () => {
    const s = await hostile('drip');
    const r = await timed(() => triggerThroughEmulator(s.url, { notificationType: 'TEST' }, { deadlineMs: DEADLINE_MS }));
    expect(r.error).toBeInstanceOf(BoundedRequestError);
    expect((r.error as BoundedRequestError).failure).toBe('deadline');
    expect(r.ms).toBeLessThan(UPPER_BOUND_MS);
  });
});
