// The listener must outlive every sender: broken HTTP, wrong methods, oversized, slow and aborted
// requests each get an answer (or a clean close) and an event, and the next request is served.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startListener, type Listener } from '../../src/listen/server.js';
import { listenVerifier } from '../../src/listen/verify.js';
import { openRaw, statusOf } from './raw-http.js';

let listener: Listener;

beforeAll(async () => {
  listener = await startListener({
    port: 0,
    verify: listenVerifier({ roots: [] }),
    maxBodyBytes: 4096,
    headersTimeoutMs: 400,
    bodyTimeoutMs: 400,
  });
});
afterAll(() => listener.close());

async function post(body: string | Buffer, headers: Record<string, string> = {}): Promise<number> {
  const res = await request(listener.url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  await res.body.dump();
  return res.statusCode;
}

async function stillAlive(): Promise<void> {
  expect(await post('{"hello":1}')).toBe(400);
}

describe('listen survives bad senders', () => {
  it('answers 400 to a body that is not JSON, and to JSON without a signedPayload', async () => {
    expect(await post('not json at all')).toBe(400);
    const e1 = await listener.waitFor((e) => e.reason === 'listen.malformed.not-json', 2000);
    expect(e1.kind).toBe('malformed');
    expect(await post('{"notification_type":"DID_RENEW","password":"s3cret"}')).toBe(400);
    const e2 = await listener.waitFor((e) => e.reason === 'listen.malformed.v1', 2000);
    expect(e2.detail).toContain('V1');
    expect(JSON.stringify(e2)).not.toContain('s3cret');
    expect(await post('')).toBe(400);
    await listener.waitFor((e) => e.reason === 'listen.malformed.empty', 2000);
  });

  it('answers 400 with a named reason to a signedPayload that is not a JWS', async () => {
    expect(await post('{"signedPayload":"abc.def"}')).toBe(400);
    const e = await listener.waitFor((ev) => ev.reason === 'listen.malformed.not-jws', 2000);
    expect(e.kind).toBe('malformed');
  });

  it('answers 405 to a GET', async () => {
    const res = await request(listener.url, { method: 'GET' });
    await res.body.dump();
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('POST');
    await stillAlive();
  });

  it('answers 413 to a declared oversized body without reading it', async () => {
    expect(await post(Buffer.alloc(10_000, 'a'))).toBe(413);
    const e = await listener.waitFor((ev) => ev.kind === 'too-large' && ev.bytes === 10_000, 2000);
    expect(e.status).toBe(413);
    await stillAlive();
  });

  it('answers 413 to an oversized chunked body', async () => {
    const raw = await openRaw(listener.port);
    raw.socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
    const chunk = 'b'.repeat(3000);
    raw.socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    raw.socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    expect(statusOf(await raw.response)).toBe(413);
    await stillAlive();
  });

  it('answers 400 to garbage instead of HTTP', async () => {
    const raw = await openRaw(listener.port);
    raw.socket.write('\x16\x03\x01 this is not http\r\n\r\n');
    expect(statusOf(await raw.response)).toBe(400);
    await listener.waitFor((e) => e.kind === 'bad-http', 2000);
    await stillAlive();
  });

  it('times out headers that drip in too slowly', async () => {
    const raw = await openRaw(listener.port);
    raw.socket.write('POST / HTTP/1.1\r\nHost: x\r\n');
    // Never finish the headers.
    expect(statusOf(await raw.response)).toBe(408);
    await stillAlive();
  });

  it('times out a body that never completes', async () => {
    const raw = await openRaw(listener.port);
    raw.socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"signedPay');
    expect(statusOf(await raw.response)).toBe(408);
    await listener.waitFor((e) => e.kind === 'body-timeout', 2000);
    await stillAlive();
  });

  it('records a sender that goes away mid-body', async () => {
    const raw = await openRaw(listener.port);
    raw.socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"signed');
    await new Promise((r) => setTimeout(r, 50));
    raw.socket.destroy();
    const e = await listener.waitFor((ev) => ev.kind === 'aborted', 2000);
    expect(e.status).toBeUndefined();
    await stillAlive();
  });

  it('reports a timed-out or aborted request once, not again as unparseable HTTP when the socket closes', async () => {
    const slow = await openRaw(listener.port);
    slow.socket.write('POST / HTTP/1.1\r\nHost: x\r\n');
    expect(statusOf(await slow.response)).toBe(408);
    const cut = await openRaw(listener.port);
    cut.socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Le');
    cut.socket.end();
    await cut.response;
    await stillAlive();
    await new Promise((r) => setTimeout(r, 100));
    expect(listener.received.filter((e) => e.detail?.includes('HPE_INVALID_EOF_STATE'))).toEqual([]);
  });
});
