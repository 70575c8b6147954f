// The emulator is not a web page's tool: foreign Host names (DNS rebinding), other origins (CSRF),
// form bodies and requests without the per-run secret are refused; bad input on Apple's routes gets
// Apple's 4xx JSON, never a 500. Real HTTP requests with the headers a browser or an attacker sends.
import { request } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, triggerThroughEmulator, emulatorRootCaPath, EmulatorRefusedError, type RunningEmulator } from '../../src/emulator/index.js';
import { apiToken, control, startReceiver, tempDir, type Receiver } from './helpers.js';

const tmp = tempDir();
let emu: RunningEmulator;
let rx: Receiver;
let port: number;
const refused: { path: string; status: number; reason: string }[] = [];

beforeAll(async () => {
  rx = await startReceiver();
  emu = await startEmulator({ stateDir: tmp.dir, notifyUrl: rx.url, onRefused: (e) => refused.push(e) });
  port = Number(new URL(emu.baseUrl).port);
});

afterAll(async () => {
  await emu.close();
  await rx.close();
  tmp.remove();
});

interface Answer {
  status: number;
  json: Record<string, unknown>;
}

/** One raw HTTP request to the emulator with exactly these headers (Host included). */
function send(method: string, path: string, headers: Record<string, string | number>, body?: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers }, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const secret = () => ({ 'x-emulator-secret': emu.controlSecret });
const json = { 'content-type': 'application/json' };
const triggerBody = () => JSON.stringify({ notificationType: 'TEST' });

describe('Host: only loopback names with the emulator’s port (no DNS rebinding)', () => {
  it('accepts 127.0.0.1, localhost and [::1] with its port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      const r = await send('GET', '/_emulator/info', { ...secret(), host });
      expect([host, r.status]).toEqual([host, 200]);
    }
  });

  it('refuses any other name, another port or no port, on control and Apple routes alike', async () => {
    const hosts = ['attacker.example', `attacker.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', `127.0.0.2:${port}`, `localhost.:${port}`, `0.0.0.0:${port}`];
    for (const host of hosts) {
      const info = await send('GET', '/_emulator/info', { ...secret(), host });
      expect([host, info.status]).toEqual([host, 403]);
      expect(info.json.error).toMatch(/Host/);
      expect(info.json).not.toHaveProperty('rootCaPath');
      const api = await send('POST', '/inApps/v1/notifications/test', { authorization: `Bearer ${apiToken(emu)}`, host });
      expect([host, api.status]).toEqual([host, 403]);
    }
  });
});

describe('browser-style cross-origin requests are refused (no CSRF)', () => {
  it('refuses an Origin that is not the emulator’s own, even with the secret', async () => {
    const before = rx.bodies.length;
    for (const origin of ['http://attacker.example', 'null', `http://localhost:${port + 1}`, `https://127.0.0.1:${port}`]) {
      const r = await send('POST', '/_emulator/trigger', { ...secret(), ...json, origin }, triggerBody());
      expect([origin, r.status]).toEqual([origin, 403]);
      expect(r.json.error).toMatch(/web page/);
    }
    expect(rx.bodies.length).toBe(before);
  });

  it('accepts the emulator’s own origin', async () => {
    const r = await send('GET', '/_emulator/info', { ...secret(), origin: `http://127.0.0.1:${port}` });
    expect(r.status).toBe(200);
  });

  it('refuses Sec-Fetch-Site cross-site and same-site; same-origin and none pass', async () => {
    for (const [site, status] of [['cross-site', 403], ['same-site', 403], ['same-origin', 200], ['none', 200]] as const) {
      const r = await send('GET', '/_emulator/info', { ...secret(), 'sec-fetch-site': site });
      expect([site, r.status]).toEqual([site, status]);
    }
  });

  it('refuses form bodies on control routes (what a cross-site form can send), and sends nothing', async () => {
    const before = rx.bodies.length;
    const forms: [string, string][] = [
      ['application/x-www-form-urlencoded', 'notificationType=TEST'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="notificationType"\r\n\r\nTEST\r\n--x--\r\n'],
      ['text/plain', triggerBody()],
    ];
    for (const [type, body] of forms) {
      const r = await send('POST', '/_emulator/trigger', { ...secret(), 'content-type': type }, body);
      expect([type, r.status]).toEqual([type, 415]);
      expect(r.json.fix).toMatch(/application\/json/);
    }
    const none = await send('PUT', '/_emulator/faults', secret(), '{"history":"500"}');
    expect(none.status).toBe(415);
    expect(rx.bodies.length).toBe(before);
    expect(await (await control(emu, 'faults')).json()).toEqual({});
  });
});

describe('the per-run control secret', () => {
  it('is kept in the state folder, mode 0600, one file per port', () => {
    expect(emu.controlSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(emu.controlSecretPath).toBe(`${tmp.dir}/control-secret-${port}`);
    expect(readFileSync(emu.controlSecretPath, 'utf8').trim()).toBe(emu.controlSecret);
    expect(statSync(emu.controlSecretPath).mode & 0o777).toBe(0o600);
  });

  it('no secret: 401 naming where it is; a wrong one: 403; nothing is sent', async () => {
    const before = rx.bodies.length;
    const missing = await send('POST', '/_emulator/trigger', json, triggerBody());
    expect(missing.status).toBe(401);
    expect(missing.json.error).toMatch(/X-Emulator-Secret/);
    expect(missing.json.fix).toContain(emu.controlSecretPath);
    const wrong = await send('POST', '/_emulator/trigger', { ...json, 'x-emulator-secret': 'guess' }, triggerBody());
    expect(wrong.status).toBe(403);
    for (const path of ['/_emulator/info', '/_emulator/notifications', '/_emulator/faults']) {
      expect([path, (await send('GET', path, {})).status]).toEqual([path, 401]);
    }
    expect((await send('DELETE', '/_emulator/faults', { 'x-emulator-secret': 'guess' })).status).toBe(403);
    expect(rx.bodies.length).toBe(before);
    expect(refused.some((e) => e.status === 401 && e.path === '/_emulator/trigger')).toBe(true);
  });

  it('the control client finds it in the state folder by port; a stale one gets a clear refusal', async () => {
    const sent = await triggerThroughEmulator(emu.baseUrl, { notificationType: 'REFUND' }, { stateDir: tmp.dir });
    expect(sent.post.result).toBe('SUCCESS');
    expect(await emulatorRootCaPath(emu.baseUrl, { stateDir: tmp.dir })).toBe(emu.rootCaPath);
    const err = await triggerThroughEmulator(emu.baseUrl, { notificationType: 'REFUND' }, { secret: 'stale' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmulatorRefusedError);
    expect((err as EmulatorRefusedError).secretRefused).toBe(true);
    expect((err as EmulatorRefusedError).reason).toMatch(/does not match/);
    const other = tempDir();
    try {
      expect(await emulatorRootCaPath(emu.baseUrl, { stateDir: other.dir })).toBeUndefined();
    } finally {
      other.remove();
    }
  });

  it('an API token the emulator accepts may read /_emulator/info instead (how the API commands find its CA); nothing else', async () => {
    const bearer = { authorization: `Bearer ${apiToken(emu)}` };
    const info = await send('GET', '/_emulator/info', bearer);
    expect(info.status).toBe(200);
    expect(info.json.rootCaPath).toBe(emu.rootCaPath);
    expect(await emulatorRootCaPath(emu.baseUrl, { apiToken: apiToken(emu), stateDir: join(tmp.dir, 'elsewhere') })).toBe(emu.rootCaPath);
    expect((await send('GET', '/_emulator/info', { authorization: 'Bearer not.a.jwt' })).status).toBe(401);
    expect((await send('GET', '/_emulator/notifications', bearer)).status).toBe(401);
    expect((await send('POST', '/_emulator/trigger', { ...bearer, ...json }, triggerBody())).status).toBe(401);
    // A foreign Host is refused whatever the credentials.
    expect((await send('GET', '/_emulator/info', { ...bearer, host: `attacker.example:${port}` })).status).toBe(403);
  });

  it('is removed when the emulator stops', async () => {
    const dir = tempDir();
    const own = await startEmulator({ stateDir: dir.dir });
    expect(existsSync(own.controlSecretPath)).toBe(true);
    await own.close();
    expect(existsSync(own.controlSecretPath)).toBe(false);
    dir.remove();
  });
});

describe('bad input on Apple’s routes gets Apple’s 4xx JSON, never 500', () => {
  const auth = () => ({ authorization: `Bearer ${apiToken(emu)}` });
  const window = () => ({ startDate: Date.now() - 3600_000, endDate: Date.now() });
  const history = (body: unknown, query = '') =>
    send('POST', `/sandbox/inApps/v1/notifications/history${query}`, { ...auth(), ...json }, typeof body === 'string' ? body : JSON.stringify(body));

  it('a broken %-escape in the path or the query', async () => {
    for (const token of ['%E0%A4%A', '%', '%zz', 'abc%']) {
      const r = await send('GET', `/sandbox/inApps/v1/notifications/test/${token}`, auth());
      expect([token, r.status, r.json.errorCode]).toEqual([token, 400, 4000020]);
    }
    const q = await history(window(), '?paginationToken=%E0%A4%A');
    expect([q.status, q.json.errorCode]).toEqual([400, 4000014]);
  });

  it('a notificationType of constructor, __proto__ or toString (with or without a subtype)', async () => {
    for (const type of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      for (const extra of [{}, { notificationSubtype: 'VOLUNTARY' }, { notificationSubtype: 'length' }]) {
        const r = await history({ ...window(), notificationType: type, ...extra });
        expect([type, extra, r.status, r.json.errorCode]).toEqual([type, extra, 400, 4000018]);
      }
    }
    const subtypeOnly = await history({ ...window(), notificationType: 'DID_RENEW', notificationSubtype: '__proto__' });
    expect([subtypeOnly.status, subtypeOnly.json.errorCode]).toEqual([400, 4000018]);
  });

  it('a body whose keys are prototype names, or unknown fields: ignored like any unknown field', async () => {
    const r = await history(`{"startDate":${Date.now() - 60_000},"endDate":${Date.now()},"__proto__":{"onlyFailures":"x"},"constructor":1,"extra":true}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ notificationHistory: expect.any(Array), hasMore: false });
  });

  it('a huge body: 400 4000000 at once, declared or streamed', async () => {
    const declared = await send('POST', '/sandbox/inApps/v1/notifications/history', { ...auth(), ...json, 'content-length': 50_000_000 }, '');
    expect([declared.status, declared.json.errorCode]).toEqual([400, 4000000]);
    const streamed = await history(`{"startDate":1,"pad":"${'x'.repeat(2_000_000)}"}`);
    expect([streamed.status, streamed.json.errorCode]).toEqual([400, 4000000]);
    const controlHuge = await send('PUT', '/_emulator/notify-urls', { ...secret(), ...json }, `{"notifyUrl":"${'x'.repeat(200_000)}"}`);
    expect(controlHuge.status).toBe(413);
  });

  it('the trigger route refuses prototype names as types with 400 and the valid ones', async () => {
    for (const type of ['constructor', '__proto__']) {
      const r = await control(emu, 'trigger', { body: { notificationType: type } });
      expect([type, r.status]).toEqual([type, 400]);
    }
  });
});
