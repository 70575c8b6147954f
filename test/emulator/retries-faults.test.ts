// Production retries on Apple's compressed schedule, sandbox's single attempt, and the fault switches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type AttemptEvent, type RunningEmulator } from '../../src/emulator/index.js';
import { nextRetryDelayMs, RETRY_DELAYS_HOURS } from '../../src/emulator/retry-schedule.js';
import { apiToken, control, startReceiver, tempDir, type Receiver } from './helpers.js';

type Json = Record<string, unknown>;
// 3.6 million: one hour becomes one millisecond, so the whole 157-hour schedule takes ~0.16 s.
const TIME_SCALE = 3_600_000;

async function waitFor<T>(fn: () => T | undefined): Promise<T> {
  for (let i = 0; i < 300; i += 1) {
    const v = fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met');
}

describe('retry schedule', () => {
  it('is Apple’s 1, 12, 24, 48, 72 hours in production, compressed by the time scale, and nothing in sandbox', () => {
    expect(RETRY_DELAYS_HOURS).toEqual([1, 12, 24, 48, 72]);
    expect([1, 2, 3, 4, 5, 6].map((n) => nextRetryDelayMs('Production', n, 3600))).toEqual([1000, 12_000, 24_000, 48_000, 72_000, undefined]);
    expect(nextRetryDelayMs('Production', 1, 1)).toBe(3600_000);
    expect(nextRetryDelayMs('Sandbox', 1, 3600)).toBeUndefined();
  });
});

describe('delivery with retries', () => {
  const tmp = tempDir();
  let emu: RunningEmulator;
  let failing: Receiver;
  let flaky: Receiver;
  const events: AttemptEvent[] = [];
  beforeAll(async () => {
    failing = await startReceiver((_q, res) => {
      res.writeHead(500);
      res.end();
    });
    flaky = await startReceiver((_q, res, n) => {
      res.writeHead(n <= 2 ? 503 : 200);
      res.end();
    });
    emu = await startEmulator({ stateDir: tmp.dir, timeScale: TIME_SCALE, onAttempt: (e) => events.push(e) });
  });
  afterAll(async () => {
    await emu.close();
    await failing.close();
    await flaky.close();
    tmp.remove();
  });

  const trigger = (body: Json) =>
    control(emu, 'trigger', { body }).then((r) => r.json() as Promise<Json>);

  it('production: retries a failing receiver 5 times (6 attempts), same UUID each time, then stops', async () => {
    const sent = await trigger({ notificationType: 'DID_RENEW', environment: 'Production', to: failing.url });
    const record = emu.history.all().find((r) => r.notificationUUID === sent.notificationUUID)!;
    await waitFor(() => (record.sendAttempts.length === 6 && !record.retrying ? true : undefined));
    expect(record.sendAttempts.map((a) => a.sendAttemptResult)).toEqual(Array(6).fill('UNSUCCESSFUL_HTTP_RESPONSE_CODE'));
    const dates = record.sendAttempts.map((a) => a.attemptDate);
    expect([...dates].sort((a, b) => a - b)).toEqual(dates);
    const uuids = failing.bodies.map((b) => JSON.parse(Buffer.from((JSON.parse(b) as { signedPayload: string }).signedPayload.split('.')[1]!, 'base64url').toString()).notificationUUID);
    expect(uuids).toEqual(Array(6).fill(sent.notificationUUID));
    const mine = events.filter((e) => e.record === record);
    expect(mine.map((e) => e.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(mine.slice(0, 5).every((e) => typeof e.nextRetryAt === 'number')).toBe(true);
    expect(mine[5]!.nextRetryAt).toBeUndefined();
  });

  it('production: stops retrying after the first success', async () => {
    const sent = await trigger({ notificationType: 'SUBSCRIBED', environment: 'Production', to: flaky.url });
    const record = emu.history.all().find((r) => r.notificationUUID === sent.notificationUUID)!;
    await waitFor(() => (!record.retrying ? true : undefined));
    expect(record.sendAttempts.map((a) => a.sendAttemptResult)).toEqual(['UNSUCCESSFUL_HTTP_RESPONSE_CODE', 'UNSUCCESSFUL_HTTP_RESPONSE_CODE', 'SUCCESS']);
  });

  it('sandbox: one attempt only', async () => {
    const n = failing.bodies.length;
    const sent = await trigger({ notificationType: 'DID_RENEW', environment: 'Sandbox', to: failing.url });
    const record = emu.history.all().find((r) => r.notificationUUID === sent.notificationUUID)!;
    expect(record.retrying).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(record.sendAttempts).toHaveLength(1);
    expect(failing.bodies.length).toBe(n + 1);
  });
});

describe('fault switches', () => {
  const tmp = tempDir();
  let emu: RunningEmulator;
  let rx: Receiver;
  beforeAll(async () => {
    rx = await startReceiver();
    emu = await startEmulator({ stateDir: tmp.dir, notifyUrl: rx.url, faults: { history: { kind: '500' } } });
  });
  afterAll(async () => {
    await emu.close();
    await rx.close();
    tmp.remove();
  });

  const post = (path: string, body?: string, signal?: AbortSignal) =>
    fetch(`${emu.sandboxBaseUrl}/inApps/v1/notifications/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiToken(emu)}` },
      ...(body ? { body } : {}),
      ...(signal ? { signal } : {}),
    });
  const history = JSON.stringify({ startDate: Date.now() - 1000, endDate: Date.now() });

  it('a start-up fault answers 500 5000001', async () => {
    const r = await post('history', history);
    expect(r.status).toBe(500);
    expect(await r.json()).toMatchObject({ errorCode: 5000001 });
  });

  it('faults change at run time through PUT /_emulator/faults, and can apply a set number of times', async () => {
    const put = await control(emu, 'faults', { method: 'PUT', body: { history: null, test: { kind: 'malformed-json', times: 1 } } });
    expect(await put.json()).toEqual({ test: { kind: 'malformed-json', remaining: 1 } });
    expect((await post('history', history)).status).toBe(200);
    const broken = await post('test');
    expect(broken.status).toBe(200);
    await expect(broken.clone().json()).rejects.toThrow();
    const healed = await post('test');
    expect(await healed.json()).toEqual({ testNotificationToken: expect.any(String) });
  });

  it('reset drops the connection and hang never answers', async () => {
    emu.setFault('test', { kind: 'reset' });
    await expect(post('test')).rejects.toThrow();
    emu.setFault('test', { kind: 'hang' });
    await expect(post('test', undefined, AbortSignal.timeout(300))).rejects.toThrow();
    emu.setFault('test', undefined);
    expect((await post('test')).status).toBe(200);
  });

  it('rejects an unknown fault kind with 400 and the valid kinds', async () => {
    const r = await control(emu, 'faults', { method: 'PUT', body: { test: 'explode' } });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { valid: string[] }).valid).toEqual(['500', 'hang', 'reset', 'malformed-json']);
  });
});
