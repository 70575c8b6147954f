// listen against notifications signed and delivered by the emulator: each type verifies through
// decode's code path, and --forward-to hands the sender the handler's answer (200, 500, hang, down).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRig, trigger, type Rig } from './helpers.js';

describe('listen receives what the emulator sends', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig.close());

  const cases: [string, string | undefined][] = [
    ['TEST', undefined],
    ['SUBSCRIBED', 'INITIAL_BUY'],
    ['DID_RENEW', undefined],
    ['REFUND', undefined],
    ['EXPIRED', 'VOLUNTARY'],
  ];
  for (const [type, subtype] of cases) {
    it(`verifies and answers 200 to ${type}${subtype ? `/${subtype}` : ''}`, async () => {
      const sent = await trigger(rig, type, subtype);
      expect(sent.post.result).toBe('SUCCESS');
      const e = await rig.listener.waitFor((ev) => ev.notification?.notificationUUID === sent.notificationUUID, 5000);
      expect(e.kind).toBe('notification');
      expect(e.status).toBe(200);
      expect(e.notification).toMatchObject({ verified: true, appleRoot: false, notificationType: type, environment: 'Sandbox' });
      if (subtype) expect(e.notification?.subtype).toBe(subtype);
      expect(e.notification?.bundleId).toBe(rig.emulator.bundleId);
    });
  }
});

describe('listen and check-url', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig.close());

  it('labels check-url’s probes as probes and ignores its TLS version handshakes', async () => {
    const { checkUrl } = await import('../../src/url/index.js');
    const report = await checkUrl(rig.listener.url, { ca: [rig.listener.caPem!], allowPrivate: true, timeoutMs: 3000 });
    expect(report.verdict).toBe('deliverable');
    const events = rig.listener.received;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.probe === true && e.status === 200)).toBe(true);
  });
});

describe('listen without the emulator root', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig({ verify: (await import('../../src/listen/index.js')).listenVerifier({ roots: [] }) });
  });
  afterAll(() => rig.close());

  it('still answers, and names why the payload did not verify', async () => {
    const sent = await trigger(rig, 'TEST');
    const e = await rig.listener.waitFor((ev) => ev.notification?.notificationUUID === sent.notificationUUID, 5000);
    expect(e.notification?.verified).toBe(false);
    expect(e.notification?.reason).toMatch(/^jws\./);
    expect(e.notification?.reasonText).toBeTruthy();
  });
});

describe('listen --respond', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig({ respondStatus: 503 });
  });
  afterAll(() => rig.close());

  it('answers the rehearsal status, which the sender records as a failure', async () => {
    const sent = await trigger(rig, 'TEST');
    expect(sent.post).toMatchObject({ result: 'UNSUCCESSFUL_HTTP_RESPONSE_CODE', status: 503 });
  });
});

describe('listen --forward-to', () => {
  let handler: Server;
  let handlerUrl: string;
  const seen: { path: string; headers: Record<string, unknown>; body: string }[] = [];
  beforeAll(async () => {
    handler = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen.push({ path: req.url ?? '', headers: req.headers, body });
        if (req.url === '/ok') res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
        else if (req.url === '/fail') res.writeHead(500).end('boom');
        else if (req.url === '/moved') res.writeHead(302, { location: '/elsewhere' }).end();
        else if (req.url === '/elsewhere') res.writeHead(200).end();
        // '/hang': never answer.
      });
    });
    await new Promise<void>((r) => handler.listen(0, '127.0.0.1', r));
    handlerUrl = `http://127.0.0.1:${(handler.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    handler.closeAllConnections();
    await new Promise((r) => handler.close(r));
  });

  async function withForward(path: string, fn: (rig: Rig) => Promise<void>, forwardTo = `${handlerUrl}${path}`): Promise<void> {
    const rig = await startRig({ forwardTo, forwardTimeoutMs: 500 });
    try {
      await fn(rig);
    } finally {
      await rig.close();
    }
  }

  it('relays the body and headers and passes the handler’s 200 back', async () => {
    await withForward('/ok', async (rig) => {
      const sent = await trigger(rig, 'DID_RENEW');
      expect(sent.post).toMatchObject({ result: 'SUCCESS', status: 200 });
      const e = await rig.listener.waitFor((ev) => ev.notification?.notificationUUID === sent.notificationUUID, 5000);
      expect(e.forward).toMatchObject({ status: 200, result: 'SUCCESS', answered: 200 });
      expect(e.forward?.ms).toBeGreaterThanOrEqual(0);
      const got = seen.find((s) => s.body.includes(sent.notificationUUID) || s.body.includes('signedPayload'));
      // The sender's own Content-Type, relayed as it came (the emulator's is Apple-like, with a charset).
      expect(got?.headers['content-type']).toBe('application/json; charset=UTF-8');
      expect(JSON.parse(got!.body)).toHaveProperty('signedPayload');
    });
  });

  it('passes the handler’s 500 back to the sender', async () => {
    await withForward('/fail', async (rig) => {
      const sent = await trigger(rig, 'TEST');
      expect(sent.post).toMatchObject({ result: 'UNSUCCESSFUL_HTTP_RESPONSE_CODE', status: 500 });
      const e = await rig.listener.waitFor((ev) => ev.notification?.notificationUUID === sent.notificationUUID, 5000);
      expect(e.forward).toMatchObject({ status: 500, answered: 500, result: 'UNSUCCESSFUL_HTTP_RESPONSE_CODE' });
      expect(e.notification?.verified).toBe(true);
    });
  });

  it('passes a handler’s redirect back as it is and sends nothing to its Location', async () => {
    await withForward('/moved', async (rig) => {
      const sent = await trigger(rig, 'TEST');
      expect(sent.post.status).toBe(302);
      const e = await rig.listener.waitFor((ev) => ev.notification?.notificationUUID === sent.notificationUUID, 5000);
      expect(e.forward).toMatchObject({ status: 302, answered: 302, result: 'UNSUCCESSFUL_HTTP_RESPONSE_CODE' });
      expect(seen.some((r) => r.path === '/moved')).toBe(true);
      expect(seen.some((r) => r.path === '/elsewhere')).toBe(false);
    });
  });

  it('answers 504 when the handler hangs past the forward timeout', async () => {
    await withForward('/hang', async (rig) => {
      const sent = await trigger(rig, 'TEST');
      expect(sent.post.status).toBe(504);
      const e = await rig.listener.waitFor((ev) => ev.notification?.notificationUUID === sent.notificationUUID, 5000);
      expect(e.forward).toMatchObject({ result: 'TIMED_OUT', answered: 504 });
      expect(e.forward?.status).toBeUndefined();
    });
  });

  it('answers 502 when nothing listens at the handler URL', async () => {
    const down = createServer();
    await new Promise<void>((r) => down.listen(0, '127.0.0.1', r));
    const port = (down.address() as AddressInfo).port;
    await new Promise((r) => down.close(r));
    await withForward('', async (rig) => {
      const sent = await trigger(rig, 'TEST');
      expect(sent.post.status).toBe(502);
      const e = await rig.listener.waitFor((ev) => ev.notification?.notificationUUID === sent.notificationUUID, 5000);
      expect(e.forward).toMatchObject({ result: 'SOCKET_ISSUE', answered: 502 });
    }, `http://127.0.0.1:${port}/`);
  });
});
