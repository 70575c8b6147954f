// A listener left running keeps a bounded window of events, whatever the number and size of the
// notifications: large verified notifications are bounded by bytes, many small ones by count.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadState } from '../../src/emulator/state.js';
import { createSigner } from '../../src/emulator/signer.js';
import { readRootFiles } from '../../src/jws/roots.js';
import { LISTEN_DEFAULTS, listenVerifier, startListener, type Listener } from '../../src/listen/index.js';
import { Output } from '../../src/report/output.js';

let dir: string;
let listener: Listener;
let sign: (padding: string) => string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'asn-listen-mem-'));
  const state = await loadState(join(dir, 'emulator'));
  const signer = createSigner(state);
  sign = (padding) =>
    signer.sign({
      notificationType: 'TEST',
      notificationUUID: randomUUID(),
      data: { bundleId: state.identity.bundleId, environment: 'Sandbox', padding },
      version: '2.0',
      signedDate: Date.now(),
    });
  const roots = (await readRootFiles([state.rootCaPath], dir)) ?? [];
  listener = await startListener({ port: 0, verify: listenVerifier({ roots }) });
});

afterAll(async () => {
  await listener.close();
  await rm(dir, { recursive: true, force: true });
});

async function post(signedPayload: string): Promise<number> {
  const res = await fetch(listener.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ signedPayload }) });
  await res.arrayBuffer();
  return res.status;
}

const keptChars = () => listener.received.reduce((n, e) => n + (e.signedPayload?.length ?? 0), 0);

describe('listen keeps a bounded window of events', () => {
  it('bounds the kept signedPayload text when many large notifications arrive', async () => {
    const before = listener.receivedCount;
    const big = 'x'.repeat(100_000);
    const count = 120; // 12 MB in all, over the 8 MiB bound
    let last = '';
    for (let i = 0; i < count; i += 1) {
      last = sign(big);
      expect(await post(last)).toBe(200);
    }
    expect(listener.receivedCount).toBe(before + count);
    expect(keptChars()).toBeLessThanOrEqual(LISTEN_DEFAULTS.keepBytes);
    // Full up to the bound, not emptied: the most recent ones stay, newest last, verified and decoded.
    expect(keptChars()).toBeGreaterThan(LISTEN_DEFAULTS.keepBytes - last.length);
    expect(listener.received.length).toBeLessThan(count);
    const newest = listener.received.at(-1)!;
    expect(newest.seq).toBe(before + count);
    expect(newest.signedPayload).toBe(last);
    expect(newest.notification).toMatchObject({ verified: true, notificationType: 'TEST' });
  });

  it('bounds the number of kept events when many small ones arrive', async () => {
    const before = listener.receivedCount;
    const small = sign('');
    for (let i = 0; i < LISTEN_DEFAULTS.keepEvents + 50; i += 1) expect(await post(small)).toBe(200);
    expect(listener.receivedCount).toBe(before + LISTEN_DEFAULTS.keepEvents + 50);
    expect(listener.received.length).toBe(LISTEN_DEFAULTS.keepEvents);
    expect(listener.received.every((e) => e.signedPayload === small)).toBe(true);
    // waitFor still finds what is kept.
    const found = await listener.waitFor((e) => e.seq === listener.receivedCount, 100);
    expect(found.signedPayload).toBe(small);
  });
});

describe('a slow reader of listen’s output slows the senders instead of filling memory', () => {
  it('Output.drained waits while stdout is buffering and resolves once it has drained', async () => {
    let release: () => void = () => undefined;
    const slow = new Writable({
      highWaterMark: 1024,
      write(_chunk, _enc, cb) {
        release = cb;
      },
    });
    const out = new Output({ json: true, debug: false, stdout: slow, stderr: new PassThrough(), env: {} });
    await out.drained(); // nothing written yet
    out.record('listen', { padding: 'x'.repeat(4096) });
    let drained = false;
    const waiting = out.drained().then(() => (drained = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(drained).toBe(false);
    release();
    await waiting;
    expect(drained).toBe(true);
  });

  it('the listener reads no request body until its caller is ready for another event', async () => {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((r) => (open = r));
    const held = await startListener({ port: 0, verify: listenVerifier({ roots: [] }), ready: () => gate });
    try {
      const answered = fetch(held.url, { method: 'POST', body: JSON.stringify({ signedPayload: sign('') }) }).then((r) => r.status);
      await new Promise((r) => setTimeout(r, 50));
      expect(held.receivedCount).toBe(0);
      open();
      expect(await answered).toBe(200);
      expect(held.receivedCount).toBe(1);
    } finally {
      await held.close();
    }
  });
});
