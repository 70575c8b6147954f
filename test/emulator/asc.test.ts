// The emulator's App Store Connect API over HTTP: the token rules (aud, 20 minutes, team or individual
// form, its own key and not the In-App Purchase key), JSON:API answers with unset URLs left out,
// Apple's error document for every refusal, X-Rate-Limit and 429, and the client's reading of them.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJwt } from '../../src/auth/index.js';
import { AscClient, AscHttpError, ascErrorToAsn, findApp } from '../../src/asc/index.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { tempDir } from './helpers.js';

const state = tempDir('asn-asc-');
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ stateDir: state.dir, notifyUrl: 'https://example.com/asn', ascApps: [{ bundleId: 'com.example.asndoctor.widget', name: 'Widget' }] });
});
afterAll(async () => {
  await emu?.close();
  state.remove();
});

const now = () => Math.floor(Date.now() / 1000);
function token(over: { header?: Record<string, unknown>; claims?: Record<string, unknown>; keyPath?: string } = {}): string {
  const header = { alg: 'ES256', kid: emu.ascKeyId, typ: 'JWT', ...over.header };
  const claims = Object.fromEntries(Object.entries({ iss: emu.ascIssuerId, iat: now(), exp: now() + 600, aud: 'appstoreconnect-v1', ...over.claims }).filter(([, v]) => v !== undefined));
  return signJwt(header, claims, createPrivateKey(readFileSync(over.keyPath ?? emu.ascPrivateKeyPath, 'utf8')));
}

async function call(path: string, opts: { method?: 'GET' | 'PATCH'; body?: unknown; jwt?: string | null } = {}) {
  const headers: Record<string, string> = {};
  if (opts.jwt !== null) headers.authorization = `Bearer ${opts.jwt ?? token()}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(`${emu.ascUrl}${path}`, { method: opts.method ?? 'GET', headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
  return { status: res.statusCode, headers: res.headers, json: (await res.body.json()) as Record<string, any> };
}

describe('the App Store Connect token', () => {
  it.each([
    ['no token', null],
    ['aud not appstoreconnect-v1', () => token({ claims: { aud: 'appstoreconnect-v2' } })],
    ['exp 30 minutes ahead', () => token({ claims: { exp: now() + 1800 } })],
    ['another issuer', () => token({ claims: { iss: '00000000-0000-4000-8000-000000000000' } })],
    ['the individual form on a team key', () => token({ claims: { iss: undefined, sub: 'user' } })],
    ['the In-App Purchase key', () => token({ header: { kid: emu.keyId }, keyPath: emu.privateKeyPath! })],
    ['another key under its kid', () => token({ keyPath: emu.privateKeyPath! })],
  ])('refused with 401 NOT_AUTHORIZED in Apple’s error document: %s', async (_name, make) => {
    const r = await call('/v1/apps', { jwt: typeof make === 'function' ? make() : make });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({
      errors: [{ id: expect.any(String), status: '401', code: 'NOT_AUTHORIZED', title: 'Authentication credentials are missing or invalid.', detail: expect.stringContaining('Provide a properly configured and signed bearer token') }],
    });
  });

  it('an individual key accepts sub "user" and refuses iss', async () => {
    const individual = await startEmulator({ stateDir: state.dir, ascIndividualKey: true });
    try {
      expect(individual.ascIssuerId).toBeNull();
      const ok = await request(`${individual.ascUrl}/v1/apps`, { headers: { authorization: `Bearer ${token({ claims: { iss: undefined, sub: 'user' } })}` } });
      expect(ok.statusCode).toBe(200);
      await ok.body.dump();
      const team = await request(`${individual.ascUrl}/v1/apps`, { headers: { authorization: `Bearer ${token()}` } });
      expect(team.statusCode).toBe(401);
      await team.body.dump();
    } finally {
      await individual.close();
    }
  });
});

describe('the apps resource', () => {
  it('filter[bundleId] matches longer bundle IDs too, as Apple’s does; fields[apps] limits the attributes; unset URLs are left out', async () => {
    const r = await call(`/v1/apps?filter[bundleId]=${emu.bundleId}&fields[apps]=bundleId,subscriptionStatusUrl,subscriptionStatusUrlForSandbox`);
    expect(r.status).toBe(200);
    expect(r.headers['x-rate-limit']).toMatch(/^user-hour-lim:3500;user-hour-rem:\d+;$/);
    expect(r.json.data.map((a: { attributes: { bundleId: string } }) => a.attributes.bundleId)).toEqual([emu.bundleId, `${emu.bundleId}.widget`]);
    expect(r.json.data[0]).toEqual({ type: 'apps', id: String(emu.appAppleId), attributes: { bundleId: emu.bundleId, subscriptionStatusUrl: 'https://example.com/asn' }, links: { self: expect.any(String) } });
    expect(r.json.meta).toEqual({ paging: { total: 2, limit: 50 } });
  });

  it('PATCH changes what the emulator delivers to; a refused value is 409 with a source pointer, and nothing changes', async () => {
    const id = String(emu.appAppleId);
    const patch = (attributes: Record<string, unknown>, data: Record<string, unknown> = {}) => call(`/v1/apps/${id}`, { method: 'PATCH', body: { data: { type: 'apps', id, attributes, ...data } } });
    const ok = await patch({ subscriptionStatusUrlForSandbox: 'https://example.com/sandbox', subscriptionStatusUrlVersionForSandbox: 'V2' });
    expect(ok.status).toBe(200);
    expect(ok.json.data.attributes).toMatchObject({ subscriptionStatusUrlForSandbox: 'https://example.com/sandbox', subscriptionStatusUrlVersionForSandbox: 'V2' });

    for (const [attributes, data, pointer] of [
      [{ subscriptionStatusUrl: 'http://example.com/asn' }, {}, '/data/attributes/subscriptionStatusUrl'],
      [{ subscriptionStatusUrl: 'https://example.com:80/asn' }, {}, '/data/attributes/subscriptionStatusUrl'],
      [{ subscriptionStatusUrlVersion: 'V3' }, {}, '/data/attributes/subscriptionStatusUrlVersion'],
      [{ name: 'x' }, {}, '/data/attributes/name'],
      [{}, { type: 'bundleIds' }, '/data/type'],
      [{}, { id: '1' }, '/data/id'],
    ] as const) {
      const r = await patch(attributes, data);
      expect(r.status).toBe(409);
      expect(r.json.errors[0]).toMatchObject({ status: '409', code: expect.stringMatching(/^ENTITY_ERROR\.ATTRIBUTE\./), source: { pointer } });
    }
    const read = await call(`/v1/apps/${id}`);
    expect(read.json.data.attributes).toMatchObject({ subscriptionStatusUrl: 'https://example.com/asn', subscriptionStatusUrlForSandbox: 'https://example.com/sandbox' });
  });

  it('404 NOT_FOUND, 405, and 403 FORBIDDEN_ERROR for a read-only role', async () => {
    expect((await call('/v1/apps/42')).json.errors[0]).toMatchObject({ status: '404', code: 'NOT_FOUND', detail: "There is no resource of type 'apps' with id '42'" });
    expect((await call('/v1/bundleIds')).status).toBe(404);
    // A broken %-escape is an id like any other that names no app, not a server error.
    expect((await call('/v1/apps/%E0%A4%A')).json.errors[0]).toMatchObject({ status: '404', code: 'NOT_FOUND' });
    emu.setAscReadOnly(true);
    try {
      const r = await call(`/v1/apps/${emu.appAppleId}`, { method: 'PATCH', body: { data: { type: 'apps', id: String(emu.appAppleId), attributes: { subscriptionStatusUrl: null } } } });
      expect(r.json.errors[0]).toMatchObject({ status: '403', code: 'FORBIDDEN_ERROR', detail: 'The API key in use does not allow this request' });
      // Reading is still allowed.
      expect((await call(`/v1/apps/${emu.appAppleId}`)).status).toBe(200);
    } finally {
      emu.setAscReadOnly(false);
    }
  });
});

describe('over the hourly limit', () => {
  it('429 RATE_LIMIT_EXCEEDED with X-Rate-Limit; the client says so and exits 3', async () => {
    const limited = await startEmulator({ stateDir: state.dir, ascHourlyLimit: 1 });
    const client = new AscClient({ baseUrl: limited.ascUrl, signToken: () => token(), retry: { maxAttempts: 1 } });
    try {
      await findApp(client, { bundleId: limited.bundleId });
      const err = await findApp(client, { bundleId: limited.bundleId }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AscHttpError);
      expect((err as AscHttpError).facts).toMatchObject({ status: 429, rateLimit: 'user-hour-lim:1;user-hour-rem:0;', errors: [{ code: 'RATE_LIMIT_EXCEEDED' }] });
      const asn = ascErrorToAsn(err as AscHttpError);
      expect([asn.code, asn.exitCode]).toEqual(['asc.http.429', 3]);
      expect(asn.message).toBe('App Store Connect answered 429 RATE_LIMIT_EXCEEDED: the key is over its hourly request limit (user-hour-lim:1;user-hour-rem:0;)');
    } finally {
      await client.close();
      await limited.close();
    }
  });
});
