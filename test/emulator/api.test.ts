// The emulator's Apple endpoints: happy paths, each error code, JWT rejection, 429, pagination.
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeSignedData } from '../../src/jws/index.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { apiToken, control, startReceiver, tempDir, type Receiver } from './helpers.js';

const tmp = tempDir();
let emu: RunningEmulator;
let rx: Receiver;
let sandboxRx: Receiver;
/** Holds the receiver's answer until released, so a status can be asked before the attempt ends. */
let gate: Promise<void> | undefined;
const rejections: string[] = [];

beforeAll(async () => {
  rx = await startReceiver(async (_req, res) => {
    await gate;
    res.writeHead(200);
    res.end();
  });
  sandboxRx = await startReceiver();
  emu = await startEmulator({
    stateDir: tmp.dir,
    notifyUrl: rx.url,
    sandboxNotifyUrl: sandboxRx.url,
    onRejected: (e) => rejections.push(e.reason),
  });
});

afterAll(async () => {
  await emu.close();
  await rx.close();
  await sandboxRx.close();
  tmp.remove();
});

afterEach(() => {
  emu.setNotifyUrl('Production', rx.url);
  emu.setNotifyUrl('Sandbox', sandboxRx.url);
});

type Json = Record<string, unknown>;

async function call(path: string, init: { method?: string; body?: unknown; token?: string | null; base?: string } = {}) {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? apiToken(emu) : init.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${init.base ?? emu.sandboxBaseUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: (text ? JSON.parse(text) : undefined) as Json };
}

async function waitFor<T>(fn: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 200; i += 1) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met');
}

const TEST = '/inApps/v1/notifications/test';
const HISTORY = '/inApps/v1/notifications/history';

describe('Request a Test Notification / Get Test Notification Status', () => {
  it('sends a TEST to the sandbox URL, answers 4040008 until the attempt is recorded, then the attempts', async () => {
    let release!: () => void;
    gate = new Promise<void>((r) => (release = r));
    try {
      emu.setNotifyUrl('Sandbox', rx.url);
      const sent = await call(TEST, { method: 'POST' });
      expect(sent.status).toBe(200);
      const token = sent.json.testNotificationToken as string;
      expect(token).toMatch(/^[0-9a-f-]{36}$/);

      const early = await call(`${TEST}/${token}`);
      expect(early.status).toBe(404);
      expect(early.json).toEqual({ errorCode: 4040008, errorMessage: expect.any(String) });
    } finally {
      release();
      gate = undefined;
    }
    const token = emu.history.all().at(-1)!.testNotificationToken!;
    const status = await waitFor(async () => {
      const r = await call(`${TEST}/${token}`);
      return r.status === 200 ? r.json : undefined;
    });
    expect(status.sendAttempts).toEqual([{ attemptDate: expect.any(Number), sendAttemptResult: 'SUCCESS' }]);
    expect(status.firstSendAttemptResult).toBe('SUCCESS');
    const root = new X509Certificate(readFileSync(emu.rootCaPath));
    const decoded = await decodeSignedData(status.signedPayload as string, { roots: [Buffer.from(root.raw)], bundleId: emu.bundleId, environment: 'Sandbox' });
    expect(decoded.verified).toBe(true);
    expect(decoded.payload).toMatchObject({ notificationType: 'TEST', data: { bundleId: emu.bundleId, environment: 'Sandbox' } });
    expect(JSON.parse(rx.bodies.at(-1)!)).toEqual({ signedPayload: status.signedPayload });
  });

  it('routes by base URL: production at the root, sandbox under /sandbox; sandbox falls back to the production URL', async () => {
    const before = rx.bodies.length;
    const prod = await call(TEST, { method: 'POST', base: emu.baseUrl });
    expect(prod.status).toBe(200);
    await waitFor(() => (rx.bodies.length > before ? true : undefined));
    const payload = JSON.parse(Buffer.from((JSON.parse(rx.bodies.at(-1)!) as { signedPayload: string }).signedPayload.split('.')[1]!, 'base64url').toString()) as Json;
    expect(payload.data).toMatchObject({ environment: 'Production', appAppleId: emu.appAppleId });

    emu.setNotifyUrl('Sandbox', undefined);
    const n = rx.bodies.length;
    expect((await call(TEST, { method: 'POST' })).status).toBe(200);
    await waitFor(() => (rx.bodies.length > n ? true : undefined));
  });

  it('answers 404 4040007 when no URL is configured for the environment', async () => {
    emu.setNotifyUrl('Production', undefined);
    emu.setNotifyUrl('Sandbox', undefined);
    const r = await call(TEST, { method: 'POST' });
    expect(r.status).toBe(404);
    expect(r.json.errorCode).toBe(4040007);
  });

  it('answers 400 4000020 for a malformed token and 404 4040008 for an unknown or other-environment one', async () => {
    const bad = await call(`${TEST}/not-a-token`);
    expect(bad.status).toBe(400);
    expect(bad.json.errorCode).toBe(4000020);
    const unknown = await call(`${TEST}/00000000-0000-4000-8000-000000000000`);
    expect([unknown.status, unknown.json.errorCode]).toEqual([404, 4040008]);
    const sent = await call(TEST, { method: 'POST' });
    const token = sent.json.testNotificationToken as string;
    await waitFor(async () => ((await call(`${TEST}/${token}`)).status === 200 ? true : undefined));
    const other = await call(`${TEST}/${token}`, { base: emu.baseUrl });
    expect([other.status, other.json.errorCode]).toEqual([404, 4040008]);
  });
});

describe('bearer JWT check (Apple answers 401 with no body)', () => {
  const cases: [string, () => string | null][] = [
    ['no Authorization header', () => null],
    ['wrong kid', () => apiToken(emu, { header: { kid: 'ZZZZZZZZZZ' } })],
    ['wrong issuer', () => apiToken(emu, { claims: { iss: '00000000-0000-4000-8000-000000000000' } })],
    ['wrong bundle ID', () => apiToken(emu, { claims: { bid: 'com.other.app' } })],
    ['bundle ID in another case', () => apiToken(emu, { claims: { bid: emu.bundleId.toUpperCase() } })],
    ['wrong aud', () => apiToken(emu, { claims: { aud: 'appstoreconnect-v2' } })],
    ['expired', () => apiToken(emu, { claims: { iat: Math.floor(Date.now() / 1000) - 600, exp: Math.floor(Date.now() / 1000) - 60 } })],
    ['lifetime over 60 minutes', () => apiToken(emu, { claims: { exp: Math.floor(Date.now() / 1000) + 3700 } })],
    ['times in milliseconds', () => apiToken(emu, { claims: { iat: Date.now(), exp: Date.now() + 300_000 } })],
    ['alg HS256 in the header', () => apiToken(emu, { header: { alg: 'HS256' } })],
    ['DER-encoded signature', () => apiToken(emu, { derSignature: true })],
    [
      'signed by another key',
      () => apiToken(emu, { keyPem: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }),
    ],
    ['not a JWT', () => 'abc.def'],
  ];
  for (const [name, token] of cases) {
    it(`401 for ${name}`, async () => {
      const n = rejections.length;
      const r = await call(TEST, { method: 'POST', token: token() });
      expect(r.status).toBe(401);
      expect(r.text).toBe('');
      expect(rejections.length).toBe(n + 1);
    });
  }

  it('accepts a token without iat (as Apple’s Python and Java libraries send)', async () => {
    const r = await call(`${TEST}/00000000-0000-4000-8000-000000000000`, { token: apiToken(emu, { claims: { iat: undefined } }) });
    expect(r.status).toBe(404);
  });
});

describe('rate limit', () => {
  it('answers 429 4290000 with Retry-After in epoch milliseconds once the limit is used up', async () => {
    const tmp2 = tempDir();
    const limited = await startEmulator({ stateDir: tmp2.dir, notifyUrl: rx.url, rateLimits: { 'test-status': { limit: 2, windowMs: 60_000 } } });
    try {
      const url = `${limited.sandboxBaseUrl}${TEST}/00000000-0000-4000-8000-000000000000`;
      const get = () => fetch(url, { headers: { authorization: `Bearer ${apiToken(limited)}` } });
      expect((await get()).status).toBe(404);
      const before = Date.now();
      expect((await get()).status).toBe(404);
      const r = await get();
      expect(r.status).toBe(429);
      expect(await r.json()).toEqual({ errorCode: 4290000, errorMessage: 'Rate limit exceeded.' });
      const retryAfter = Number(r.headers.get('retry-after'));
      expect(String(retryAfter)).toMatch(/^\d{13}$/);
      expect(retryAfter).toBeGreaterThan(before);
      expect(retryAfter).toBeLessThanOrEqual(Date.now() + 60_000);
      // The production base URL has its own budget.
      const prod = await fetch(`${limited.baseUrl}${TEST}/00000000-0000-4000-8000-000000000000`, { headers: { authorization: `Bearer ${apiToken(limited)}` } });
      expect(prod.status).toBe(404);
    } finally {
      await limited.close();
      tmp2.remove();
    }
  });
});

describe('Get Notification History', () => {
  const now = () => Date.now();
  const window = () => ({ startDate: now() - 3600_000, endDate: now() + 1000 });

  async function trigger(body: Json): Promise<Json> {
    const r = await control(emu, 'trigger', { body });
    expect(r.status).toBe(200);
    return (await r.json()) as Json;
  }

  it('lists what was delivered, 20 per page, with paginationToken and hasMore', async () => {
    const tmp3 = tempDir();
    const own = await startEmulator({ stateDir: tmp3.dir, notifyUrl: rx.url });
    try {
      for (let i = 0; i < 23; i += 1) {
        const r = await control(own, 'trigger', { body: { notificationType: 'DID_RENEW' } });
        expect(r.status).toBe(200);
      }
      const h = (body: Json, token?: string) =>
        fetch(`${own.sandboxBaseUrl}${HISTORY}${token ? `?paginationToken=${token}` : ''}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiToken(own)}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then(async (r) => ({ status: r.status, json: (await r.json()) as Json }));
      const body = window();
      const first = await h(body);
      expect(first.status).toBe(200);
      expect(first.json.notificationHistory).toHaveLength(20);
      expect(first.json.hasMore).toBe(true);
      expect(first.json.paginationToken).toEqual(expect.any(String));
      const second = await h(body, first.json.paginationToken as string);
      expect(second.json.notificationHistory).toHaveLength(3);
      expect(second.json.hasMore).toBe(false);
      expect(second.json.paginationToken).toBeUndefined();
      const all = [...(first.json.notificationHistory as Json[]), ...(second.json.notificationHistory as Json[])];
      expect(new Set(all.map((i) => i.signedPayload)).size).toBe(23);
      expect(all[0]).toEqual({ signedPayload: expect.any(String), sendAttempts: [{ attemptDate: expect.any(Number), sendAttemptResult: 'SUCCESS' }], firstSendAttemptResult: 'SUCCESS' });
    } finally {
      await own.close();
      tmp3.remove();
    }
  });

  it('filters by type and subtype, by transactionId, and onlyFailures', async () => {
    await trigger({ notificationType: 'EXPIRED', subtype: 'VOLUNTARY' });
    await trigger({ notificationType: 'EXPIRED', subtype: 'BILLING_RETRY' });
    const tx = await trigger({ notificationType: 'REFUND', transactionId: '2000000999000111' });
    expect(tx.notificationUUID).toEqual(expect.any(String));
    const failing = await startReceiver((_q, res) => {
      res.writeHead(503);
      res.end();
    });
    try {
      await trigger({ notificationType: 'DID_FAIL_TO_RENEW', to: failing.url });
    } finally {
      await failing.close();
    }
    const byType = await call(HISTORY, { body: { ...window(), notificationType: 'EXPIRED' } });
    expect(byType.status).toBe(200);
    expect(byType.json.notificationHistory).toHaveLength(2);
    const bySubtype = await call(HISTORY, { body: { ...window(), notificationType: 'EXPIRED', notificationSubtype: 'VOLUNTARY' } });
    expect(bySubtype.json.notificationHistory).toHaveLength(1);
    const byTx = await call(HISTORY, { body: { ...window(), transactionId: '2000000999000111' } });
    expect(byTx.json.notificationHistory).toHaveLength(1);
    const failures = await call(HISTORY, { body: { ...window(), onlyFailures: true } });
    const items = failures.json.notificationHistory as Json[];
    expect(items.length).toBeGreaterThanOrEqual(1);
    for (const item of items) expect((item.sendAttempts as Json[]).some((a) => a.sendAttemptResult === 'SUCCESS')).toBe(false);
    // Production history does not show sandbox notifications.
    const prod = await call(HISTORY, { body: { ...window(), notificationType: 'EXPIRED' }, base: emu.baseUrl });
    expect(prod.json.notificationHistory).toHaveLength(0);
  });

  const errors: [string, () => unknown, number, number][] = [
    ['body is not JSON', () => '{', 400, 4000000],
    ['startDate missing', () => ({ endDate: Date.now() }), 400, 4000015],
    ['endDate not a number', () => ({ startDate: Date.now() - 1000, endDate: 'now' }), 400, 4000016],
    ['startDate equal to endDate', () => ({ startDate: Date.now() - 1000, endDate: Date.now() - 1000 }), 400, 4000013],
    ['startDate more than 30 days back in sandbox', () => ({ startDate: Date.now() - 31 * 86400_000, endDate: Date.now() }), 400, 4000012],
    ['unknown notificationType', () => ({ ...window(), notificationType: 'NOPE' }), 400, 4000018],
    ['subtype without type', () => ({ ...window(), notificationSubtype: 'VOLUNTARY' }), 400, 4000018],
    ['subtype of another type', () => ({ ...window(), notificationType: 'REFUND', notificationSubtype: 'VOLUNTARY' }), 400, 4000018],
    ['transactionId and notificationType together', () => ({ ...window(), notificationType: 'REFUND', transactionId: '1' }), 400, 4000019],
    ['malformed transactionId', () => ({ ...window(), transactionId: 'abc' }), 400, 4000006],
    ['unknown transactionId', () => ({ ...window(), transactionId: '2000000000000001' }), 404, 4040010],
  ];
  for (const [name, body, status, code] of errors) {
    it(`${status} ${code} when ${name}`, async () => {
      const r = await call(HISTORY, { body: body() });
      expect([r.status, r.json.errorCode]).toEqual([status, code]);
      expect(r.json.errorMessage).toEqual(expect.any(String));
    });
  }

  it('415 for a form-encoded body, as Apple answers', async () => {
    const r = await fetch(`${emu.sandboxBaseUrl}${HISTORY}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiToken(emu)}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `startDate=${Date.now() - 1000}&endDate=${Date.now()}`,
    });
    expect(r.status).toBe(415);
  });

  it('accepts a start 31 days back in production (180-day window)', async () => {
    const r = await call(HISTORY, { body: { startDate: Date.now() - 31 * 86400_000, endDate: Date.now() }, base: emu.baseUrl });
    expect(r.status).toBe(200);
  });

  it('400 4000014 for an unknown paginationToken and 4000017 for an expired one', async () => {
    const bad = await call(`${HISTORY}?paginationToken=nope`, { body: window() });
    expect([bad.status, bad.json.errorCode]).toEqual([400, 4000014]);
    const tmp4 = tempDir();
    const own = await startEmulator({ stateDir: tmp4.dir, notifyUrl: rx.url, paginationTokenTtlMs: 1 });
    try {
      for (let i = 0; i < 21; i += 1) await control(own, 'trigger', { body: { notificationType: 'TEST' } });
      const post = (q = '') =>
        fetch(`${own.sandboxBaseUrl}${HISTORY}${q}`, { method: 'POST', headers: { authorization: `Bearer ${apiToken(own)}` }, body: JSON.stringify(window()) }).then(
          async (r) => ({ status: r.status, json: (await r.json()) as Json }),
        );
      const first = await post();
      expect(first.json.hasMore).toBe(true);
      await new Promise((r) => setTimeout(r, 10));
      const expired = await post(`?paginationToken=${String(first.json.paginationToken)}`);
      expect([expired.status, expired.json.errorCode]).toEqual([400, 4000017]);
    } finally {
      await own.close();
      tmp4.remove();
    }
  });
});
