// 401 triage (the command in-process, test/helpers/in-process-cli.ts) against a scripted local API: production refuses, sandbox (/sandbox on a
// loopback host, the emulator's layout) accepts, and the server's clock is 10 minutes ahead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess as runCli } from '../helpers/in-process-cli.js';
import { strangerKey } from './helpers.js';
import { startLocalApi, type LocalApi } from './local-api.js';

let api: LocalApi;
let dir: string;
let keyPath: string;

beforeAll(async () => {
  api = await startLocalApi();
  dir = mkdtempSync(join(tmpdir(), 'asn-401-'));
  keyPath = strangerKey(dir);
  api.script((req) =>
    req.url.startsWith('/sandbox/')
      ? { status: 404, json: { errorCode: 4040008, errorMessage: 'not found' } }
      : { status: 401, text: '', headers: { date: new Date(Date.now() + 600_000).toUTCString(), 'x-apple-request-uuid': 'req-401' } },
  );
});

afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

const args = () => [
  '--api-url', api.url, '--env', 'production',
  '--issuer-id', '57246542-96fe-1a63-e053-0824d011072a', '--key', keyPath, '--bundle-id', 'com.example.app', '--timeout', '3',
];

describe('401 triage', () => {
  it('names clock skew and "sandbox accepts, production does not" (no production release yet)', async () => {
    const r = await runCli(['send-test', '--json', ...args()]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { ok: boolean; error: { code: string; message: string }; triage: { id: string; status: string }[] };
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe('api.http.401');
    expect(doc.error.message).toContain('x-apple-request-uuid req-401');
    expect(doc.triage.map((c) => c.id)).toEqual(['api.401.formats-ok', 'api.401.claims-ok', 'auth.clock.skew', 'api.401.sandbox-accepts', 'api.401.remaining']);
    // The probe asked sandbox about a made-up test token: nothing was sent to anyone.
    const probe = api.requests.find((q) => q.url.startsWith('/sandbox/'));
    expect(probe?.method).toBe('GET');
    expect(probe?.url).toMatch(/^\/sandbox\/inApps\/v1\/notifications\/test\/[0-9a-f-]{36}$/);
  });

  it('prints the triage for humans, most likely cause first, with the fixes', async () => {
    const r = await runCli(['history', ...args()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Apple answered 401 Unauthorized: it did not accept the token for production');
    expect(r.stdout).toMatch(/local clock is (9 min 5\d s|10 min) behind the server/);
    expect(r.stdout).toContain('Sandbox accepts the same credentials, production does not: the app most likely has no release in production yet');
    expect(r.stdout).toContain('fix: Use --env sandbox until the first version is live on the App Store.');
  });
});
