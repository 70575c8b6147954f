// Every outbound caller goes through the one HTTP layer and so sends our User-Agent,
// `asn-doctor/<version>` plus the caller's note; only check-url's browser probe and listen relaying a
// sender's own User-Agent replace it, on purpose. One recording HTTP server on 127.0.0.1.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/api/client.js';
import { postNotification } from '../../src/delivery/post.js';
import { deliver } from '../../src/emulator/delivery.js';
import { emulatorRootCaPath, triggerThroughEmulator } from '../../src/emulator/control-client.js';
import { boundedRequest } from '../../src/http/bounded-request.js';
import { forwardRequest } from '../../src/listen/forward.js';
import { probeHeaders } from '../../src/url/probe-body.js';
import { version } from '../../src/version.js';

let server: Server;
let base: string;
const seen: IncomingHttpHeaders[] = [];
const ours = `asn-doctor/${version()}`;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen.length = 0;
});

const lastAgent = () => seen.at(-1)?.['user-agent'];

describe('User-Agent', () => {
  it('matches the package version', () => {
    expect(version()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('the bounded request: ours by default, with a note, or the caller\'s own', async () => {
    await boundedRequest(`${base}/a`, { deadlineMs: 5000, maxBodyBytes: 100 });
    expect(lastAgent()).toBe(ours);
    await boundedRequest(`${base}/b`, { deadlineMs: 5000, maxBodyBytes: 100, userAgentNote: 'x' });
    expect(lastAgent()).toBe(`${ours} (x)`);
    await boundedRequest(`${base}/c`, { deadlineMs: 5000, maxBodyBytes: 100, headers: { 'User-Agent': 'other/1' } });
    expect(lastAgent()).toBe('other/1');
    expect(seen.at(-1)?.['user-agent']).not.toContain(',');
  });

  it('a delivery POST, and the emulator\'s delivery (Apple\'s sender\'s agent first, then ours saying it is not Apple)', async () => {
    await postNotification({ url: `${base}/post`, body: '{}', timeoutMs: 5000 });
    expect(lastAgent()).toBe(ours);
    await deliver(`${base}/deliver`, '{}', { timeoutMs: 5000 });
    expect(lastAgent()).toBe(`Apache-HttpClient/4.5.12 (Java/11.0.5) ${ours} (emulator; not from Apple)`);
    expect(seen.at(-1)?.['content-type']).toBe('application/json; charset=UTF-8');
  });

  it('the App Store Server API client, with the caller\'s note', async () => {
    const client = new ApiClient({ baseUrl: base, environment: 'sandbox', signToken: () => 'h.p.s', timeoutMs: 5000, userAgentNote: 'demo' });
    try {
      await client.send({ method: 'GET', path: '/inApps/v1/notifications/test/x' });
    } finally {
      await client.close();
    }
    expect(lastAgent()).toBe(`${ours} (demo)`);
  });

  it('the emulator control client (info and trigger)', async () => {
    await emulatorRootCaPath(base, { secret: 's' });
    expect(lastAgent()).toBe(ours);
    await triggerThroughEmulator(base, { notificationType: 'TEST' }, { secret: 's' });
    expect(lastAgent()).toBe(ours);
  });

  it('listen --forward-to relays the sender\'s User-Agent, and sends ours when there was none', async () => {
    await forwardRequest(`${base}/fwd`, Buffer.from('{}'), { 'user-agent': 'AppleSender/1', 'content-type': 'application/json' }, 5000);
    expect(lastAgent()).toBe('AppleSender/1');
    await forwardRequest(`${base}/fwd`, Buffer.from('{}'), { 'content-type': 'application/json' }, 5000);
    expect(lastAgent()).toBe(ours);
  });

  it('check-url\'s probes say what they are; the browser probe alone looks like a browser', () => {
    expect(probeHeaders()['user-agent']).toBe(`${ours} (check-url probe; not from Apple)`);
    expect(probeHeaders(true)['user-agent']).toMatch(/^Mozilla\/5\.0 /);
  });
});
