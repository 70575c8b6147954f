// history: pagination and filters against the emulator, request checks against a scripted local API
// that records whether anything was sent. In-process (test/helpers/in-process-cli.ts), except the run
// marked "(process)", which streams NDJSON through the built CLI's own stdout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { runInProcess } from '../helpers/in-process-cli.js';
import { deadUrl, expectNoSecrets, startReceiver, startTestEmulator, type Receiver, type TestEmulator } from './helpers.js';
import { startLocalApi, type LocalApi } from './local-api.js';
import { control } from '../emulator/helpers.js';

let t: TestEmulator;
let ok: Receiver;
let api: LocalApi;
const CUSTOMER = '2000000000000777';
const outputs: string[] = [];

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const r = await runInProcess(args, { env });
  outputs.push(r.stdout + r.stderr);
  return r;
}

/** The built CLI as a process. */
async function processCli(args: string[]): Promise<Result> {
  const r = await runCli(args, { timeoutMs: 25_000 });
  outputs.push(r.stdout + r.stderr);
  return r;
}

function ndjson(r: Result): Record<string, any>[] {
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, any>);
}

async function trigger(body: Record<string, unknown>): Promise<void> {
  const res = await control(t.emu, 'trigger', { body: { environment: 'Production', ...body } });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

beforeAll(async () => {
  t = await startTestEmulator();
  ok = await startReceiver(200);
  api = await startLocalApi();
  t.emu.setNotifyUrl('Production', ok.url);
  const down = await deadUrl();
  const jobs: Record<string, unknown>[] = [
    ...Array.from({ length: 25 }, () => ({ notificationType: 'DID_RENEW' })),
    ...Array.from({ length: 10 }, () => ({ notificationType: 'SUBSCRIBED', subtype: 'INITIAL_BUY' })),
    ...Array.from({ length: 5 }, () => ({ notificationType: 'SUBSCRIBED', subtype: 'RESUBSCRIBE' })),
    ...Array.from({ length: 3 }, () => ({ notificationType: 'REFUND', originalTransactionId: CUSTOMER, transactionId: CUSTOMER })),
    ...Array.from({ length: 4 }, () => ({ notificationType: 'DID_RENEW', to: down })),
  ];
  for (let i = 0; i < jobs.length; i += 8) await Promise.all(jobs.slice(i, i + 8).map(trigger));
}, 60_000);

afterAll(async () => {
  await Promise.all([t?.close(), ok?.close(), api?.close()]);
});

describe('history against the emulator', () => {
  it('follows pagination across every page and streams one NDJSON line per notification (process)', async () => {
    const r = await processCli(['history', '--json', ...t.args('production')]);
    expect(r.code).toBe(1); // four notifications were not delivered
    const lines = ndjson(r);
    const notes = lines.filter((l) => l.kind === 'notification');
    expect(notes).toHaveLength(47);
    expect(new Set(notes.map((n) => n.notificationUUID)).size).toBe(47);
    expect(notes.every((n) => n.verified === true && Array.isArray(n.sendAttempts) && n.attemptCount >= 1)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ kind: 'summary', ok: false, count: 47, pages: 3, notDelivered: 4, unverified: 0 });
  });

  it('on a wide terminal prints one line per notification: date, type/subtype, UUID, last result, attempt count', async () => {
    const r = await cli(['history', '--type', 'SUBSCRIBED', '--subtype', 'INITIAL_BUY', ...t.args('production')], { COLUMNS: '200' });
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^\d{4}-/.test(l));
    expect(rows).toHaveLength(10);
    for (const row of rows) expect(row).toMatch(/^\S+Z\s+SUBSCRIBED\/INITIAL_BUY\s+[0-9a-f-]{36}\s+SUCCESS\s+1$/);
    expect(r.stdout).toContain('10 notifications from 1 page; 0 not delivered');
  });

  it('fits 80 columns by default (a pipe): two lines per notification, nothing dropped', async () => {
    const r = await cli(['history', '--only-failures', ...t.args('production')]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
    const rows = lines.filter((l) => /^\d{4}-/.test(l));
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+DID_RENEW\s+\d+$/);
    const second = lines.filter((l) => /^ {2}[A-Z_]+\s+[0-9a-f-]{36}$/.test(l));
    expect(second).toHaveLength(4);
  });

  it('filters by type alone', async () => {
    const notes = ndjson(await cli(['history', '--json', '--type', 'subscribed', ...t.args('production')])).filter((l) => l.kind === 'notification');
    expect(notes).toHaveLength(15);
    expect(notes.every((n) => n.notificationType === 'SUBSCRIBED')).toBe(true);
  });

  it('filters by transaction ID', async () => {
    const notes = ndjson(await cli(['history', '--json', '--transaction-id', CUSTOMER, ...t.args('production')])).filter((l) => l.kind === 'notification');
    expect(notes).toHaveLength(3);
    expect(notes.every((n) => n.notificationType === 'REFUND')).toBe(true);
  });

  it('lists only failures with --only-failures', async () => {
    const r = await cli(['history', '--json', '--only-failures', ...t.args('production')]);
    expect(r.code).toBe(1);
    const notes = ndjson(r).filter((l) => l.kind === 'notification');
    expect(notes).toHaveLength(4);
    expect(notes.every((n) => n.lastSendAttemptResult === 'SOCKET_ISSUE')).toBe(true);
  });

  it('stops at --limit', async () => {
    const lines = ndjson(await cli(['history', '--json', '--limit', '5', ...t.args('production')]));
    expect(lines.filter((l) => l.kind === 'notification')).toHaveLength(5);
    expect(lines.at(-1)).toMatchObject({ kind: 'summary', count: 5, pages: 1 });
  });

  it('says so when the window holds nothing', async () => {
    const r = await cli(['history', '--since', '2h', '--until', '1h', ...t.args('production')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^i No notifications between \S+ and \S+ for these filters/);
  });

  it('--since and --until choose the window (epoch ms and ISO date-time)', async () => {
    const mark = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await trigger({ notificationType: 'PRICE_INCREASE', subtype: 'ACCEPTED' });
    const after = ndjson(await cli(['history', '--json', '--since', String(mark), ...t.args('production')])).filter((l) => l.kind === 'notification');
    expect(after.map((n) => `${n.notificationType}/${n.subtype}`)).toEqual(['PRICE_INCREASE/ACCEPTED']);
    const before = ndjson(await cli(['history', '--json', '--until', new Date(mark).toISOString(), ...t.args('production')]));
    expect(before.filter((l) => l.kind === 'notification').every((n) => n.notificationType !== 'PRICE_INCREASE')).toBe(true);
    expect(before.at(-1)).toMatchObject({ kind: 'summary', count: 47, request: { endDate: mark } });
  });

  it('shows each notification decoded with its attempts under --verbose', async () => {
    const r = await cli(['history', '--verbose', '--transaction-id', CUSTOMER, '--limit', '1', ...t.args('production')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/attempt \S+Z \(.*\)\s+SUCCESS/);
    expect(r.stdout).toContain('REFUND');
    expect(r.stdout).toContain(CUSTOMER);
  });
});

describe('history request checks (nothing is sent)', () => {
  const local = (env: 'production' | 'sandbox', extra: string[]) => {
    const args = t.args(env, extra);
    args[1] = api.url;
    return ['history', ...args];
  };

  it('refuses --type with --transaction-id before any request', async () => {
    api.requests.length = 0;
    const r = await cli(local('production', ['--type', 'REFUND', '--transaction-id', CUSTOMER]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --type and --transaction-id cannot be used together/);
    expect(api.requests).toHaveLength(0);
  });

  it('checks the filters even before credentials, and keeps --json errors on one NDJSON line', async () => {
    const r = await cli(['history', '--json', '--type', 'REFUND', '--transaction-id', CUSTOMER]);
    expect(r.code).toBe(2);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'api.history.filters-exclusive' } });
  });

  it('refuses --subtype without --type', async () => {
    const r = await cli(local('production', ['--subtype', 'INITIAL_BUY']));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--subtype INITIAL_BUY needs --type as well');
  });

  it('refuses a start older than 180 days in production and 30 days in sandbox', async () => {
    api.requests.length = 0;
    const prod = await cli(local('production', ['--since', '181d']));
    expect(prod.code).toBe(2);
    expect(prod.stderr).toMatch(/is older than 180 days: Apple keeps production history only that long/);
    const sandbox = await cli(local('sandbox', ['--since', '31d', '--json']));
    expect(sandbox.code).toBe(2);
    const doc = ndjson(sandbox);
    expect(doc).toHaveLength(1);
    expect(doc[0]).toMatchObject({ ok: false, error: { code: 'api.history.start-too-old' } });
    expect(doc[0]!.error.message).toContain('older than 30 days');
    expect(api.requests).toHaveLength(0);
  });

  it('names the window of the environment asked for, and its suggestion then works there', async () => {
    api.requests.length = 0;
    const far = await cli(local('sandbox', ['--env', 'sandbox', '--since', '400d']));
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(/is older than 30 days: Apple keeps sandbox history only that long\n  fix: .*\(e\.g\. --since 30d\)/);
    expect(far.stderr).not.toContain('180');
    const prodSized = await cli(local('sandbox', ['--env', 'sandbox', '--since', '180d']));
    expect(prodSized.stderr).toContain('older than 30 days: Apple keeps sandbox history');
    expect(api.requests).toHaveLength(0);
  });

  it('refuses an unreadable time and a start after the end', async () => {
    const bad = await cli(local('production', ['--since', 'yesterday']));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since yesterday is not a time');
    const reversed = await cli(local('production', ['--since', '1h', '--until', '2h']));
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain('is not before the end');
  });

  it('never printed the private key or an API token', () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const o of outputs) expectNoSecrets(o, t.keyPem);
  });
});
