// replay in-process, through the real argument parser: from saved files and folders into local
// handlers, and from the emulator's history. Order, bodies, the state file, the safety rules and the
// stops. What only a process shows (Ctrl-C, the rehearsal with listen) is in replay.e2e.test.ts.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess, type InProcessResult } from '../helpers/in-process-cli.js';
import { TempDir } from '../auth/helpers/keys.js';
import { deadUrl, startTestEmulator, strangerKey, type TestEmulator } from '../api/helpers.js';
import { control } from '../emulator/helpers.js';
import { handler, historyLines, notary, uuidOf, writeLines, type Handler, type Notary, type Signed } from './helpers.js';

const dir = new TempDir();
let n: Notary;
const handlers: Handler[] = [];

beforeAll(async () => {
  n = await notary(dir.path);
});
afterAll(async () => {
  await Promise.all(handlers.map((h) => h.close()));
  dir.remove();
});

async function open(answer?: Parameters<typeof handler>[0]): Promise<Handler> {
  const h = await handler(answer);
  handlers.push(h);
  return h;
}

const cli = (argv: string[]): Promise<InProcessResult> => runInProcess(['replay', ...argv], { cwd: dir.path });
const ndjson = (r: InProcessResult) => r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);

/** Notifications signed a minute apart, written to a file in another order. */
function savedStream(name: string, count = 5): { file: string; items: Signed[] } {
  const base = Date.now() - 3600_000;
  const items = Array.from({ length: count }, (_, i) => n.sign({ signedDate: base + i * 60_000 }));
  // Newest first, then the rest: the file's order is not the signing order.
  const shuffled = [...items.slice(-1), ...items.slice(0, -1)].reverse();
  return { file: writeLines(join(dir.path, name), historyLines(shuffled)), items };
}

describe('replay --from a saved history --json stream', () => {
  it('sends each notification once, oldest signedDate first, in the body Apple sends, byte for byte', async () => {
    const { file, items } = savedStream('oldest-first.ndjson');
    // The same notification twice in the file (Apple retried it): sent once.
    writeFileSync(file, `${readFileSync(file, 'utf8')}${historyLines([items[2]!])[0]}\n`);
    const h = await open();
    const r = await cli(['--from', file, '--to', h.url, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(h.bodies).toEqual(items.map((s) => `{"signedPayload":"${s.signedPayload}"}`));
    expect(r.stdout).toContain('Replaying 5 notifications to');
    expect(r.stdout).toContain('1 repeated notificationUUIDs: each is sent once');
    expect(r.stdout).toContain('it must be idempotent, keyed on notificationUUID.\n  Their signedDate can be days old');
    expect(r.stdout).toContain('5 of 5 delivered, 0 failed');
    // Two lines per notification within 80 columns (no terminal): signed date and type, then result, status and UUID.
    const results = r.stdout.split('\n').filter((l) => /^ {2}SUCCESS\s+200\s+[0-9a-f-]{36}$/.test(l));
    expect(results.map((l) => l.trim().split(/\s+/)[2])).toEqual(items.map((s) => s.uuid));
  });

  it('--json: one record per notification in order, then the summary', async () => {
    const { file, items } = savedStream('json.ndjson');
    const h = await open();
    const r = await cli(['--from', file, '--to', h.url, '--yes', '--json']);
    expect(r.code).toBe(0);
    const recs = ndjson(r);
    expect(recs.slice(0, 5).map((x) => [x.kind, x.seq, x.notificationUUID, x.result, x.status])).toEqual(items.map((s, i) => ['notification', i + 1, s.uuid, 'SUCCESS', 200]));
    expect(recs[0]).toMatchObject({ from: 'line 4', notificationType: 'DID_RENEW', signedDate: items[0]!.signedDate });
    expect(recs[5]).toMatchObject({ kind: 'summary', ok: true, source: 'file', found: 5, planned: 5, sent: 5, delivered: 5, failed: 0, notSent: 0, stopped: null });
    // The plan is for the person watching: stderr, so stdout stays NDJSON.
    expect(r.stderr).toContain('Replaying 5 notifications');
  });

  it('names the broken lines and sends nothing; --skip-bad sends the rest', async () => {
    const items = [n.sign(), n.sign()];
    const [first, second] = historyLines(items);
    const file = writeLines(join(dir.path, 'broken.ndjson'), [first!, '{"signedPayload": "cut', '', '{"kind":"summary","ok":true}', 'not json at all', JSON.stringify({ notification_type: 'RENEWAL' }), second!]);
    const h = await open();
    const refused = await cli(['--from', file, '--to', h.url, '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^warning: line 2: not JSON/m);
    expect(refused.stderr).toMatch(/^warning: line 5: not JSON/m);
    expect(refused.stderr).toMatch(/^warning: line 6: a version 1 notification/m);
    expect(refused.stderr).toContain(`error: 3 lines of ${file} hold no notification to send (line 2, line 5, line 6)`);
    expect(refused.stderr).toContain('fix: Fix or remove them, or pass --skip-bad to send the rest.');
    expect(h.bodies).toHaveLength(0);

    const skipped = await cli(['--from', file, '--to', h.url, '--yes', '--skip-bad', '--json']);
    expect(skipped.code).toBe(0);
    const recs = ndjson(skipped);
    expect(recs.filter((x) => x.kind === 'bad-input').map((x) => [x.from, x.error.code])).toEqual([
      ['line 2', 'replay.input.not-json'],
      ['line 5', 'replay.input.not-json'],
      ['line 6', 'replay.input.v1'],
    ]);
    expect(recs.at(-1)).toMatchObject({ kind: 'summary', badInput: 3, delivered: 2 });
    expect(h.bodies.map(uuidOf).sort()).toEqual(items.map((s) => s.uuid).sort());
  });

  it('refuses a file it cannot read, and history filters with --from', async () => {
    const missing = await cli(['--from', 'nowhere.ndjson', '--to', 'http://127.0.0.1:9/asn', '--yes']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error: cannot read nowhere.ndjson: no such file');
    const filtered = await cli(['--from', 'nowhere.ndjson', '--to', 'http://127.0.0.1:9/asn', '--only-failures', '--since', '1d']);
    expect(filtered.code).toBe(2);
    expect(filtered.stderr).toContain('error: --from replays the saved notifications as they are; --since, --only-failures select from Apple’s history');
  });
});

describe('replay --from a listen --save folder', () => {
  it('sends each kept body exactly as it arrived, oldest signedDate first', async () => {
    const folder = join(dir.path, 'kept');
    mkdirSync(folder);
    const a = n.sign({ signedDate: Date.now() - 2000 });
    const b = n.sign({ signedDate: Date.now() - 1000 });
    // Files in arrival order, the newer notification first; one body with its own spacing.
    const bodyB = `{ "signedPayload" : "${b.signedPayload}" }\n`;
    writeFileSync(join(folder, `20260101T000000.000Z_${b.uuid}.json`), bodyB);
    writeFileSync(join(folder, `20260101T000001.000Z_${a.uuid}.json`), JSON.stringify({ signedPayload: a.signedPayload }));
    writeFileSync(join(folder, '.20260101T000002.000Z_x.json.123.tmp'), 'half a bo');
    const h = await open();
    const r = await cli(['--from', folder, '--to', h.url, '--yes', '--json']);
    expect(r.code, r.stdout).toBe(0);
    expect(h.bodies).toEqual([JSON.stringify({ signedPayload: a.signedPayload }), bodyB]);
    expect(ndjson(r).at(-1)).toMatchObject({ source: 'folder', found: 2, delivered: 2 });
  });
});

describe('replay is safe by default', () => {
  it('needs a target', async () => {
    const r = await cli(['--from', 'x.ndjson']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: replay needs --to URL');
  });

  it('refuses a target that fails the URL rules, and warns for plain http to another machine', async () => {
    const creds = await cli(['--from', 'x.ndjson', '--to', 'https://user:secret@example.com/asn']);
    expect(creds.code).toBe(2);
    expect(creds.stderr).toMatch(/error: --to https:\/\/user:secret@example.com\/asn: the URL carries a user name or password/);
    const notUrl = await cli(['--from', 'x.ndjson', '--to', 'ftp://example.com/asn']);
    expect(notUrl.code).toBe(2);

    const { file } = savedStream('dry.ndjson', 2);
    const dry = await cli(['--from', file, '--to', 'http://example.com/asn', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch(/^warning: plain http to example.com: the notifications .* cross the network unencrypted/m);
    expect(dry.stdout).toContain('Dry run: 2 notifications would be sent to http://example.com/asn; nothing is sent');
    expect(dry.stdout.match(/to send/g)).toHaveLength(2);
    const loopback = await cli(['--from', file, '--to', 'http://localhost:3000/asn', '--dry-run']);
    expect(loopback.stderr).not.toContain('warning');
  });

  it('without a terminal sends nothing unless --yes says so', async () => {
    const { file } = savedStream('no-yes.ndjson', 2);
    const h = await open();
    const r = await cli(['--from', file, '--to', h.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: replay would send 2 notifications to ${h.url}, and there is no terminal to ask on`);
    expect(r.stderr).toContain('fix: Add --yes');
    expect(h.bodies).toHaveLength(0);
  });

  it('--dry-run sends nothing and lists what it would send, oldest first', async () => {
    const { file, items } = savedStream('dry-json.ndjson');
    const h = await open();
    const r = await cli(['--from', file, '--to', h.url, '--dry-run', '--json']);
    expect(r.code).toBe(0);
    expect(h.bodies).toHaveLength(0);
    const recs = ndjson(r);
    expect(recs.slice(0, 5).map((x) => [x.kind, x.notificationUUID])).toEqual(items.map((s) => ['planned', s.uuid]));
    expect(recs[5]).toMatchObject({ kind: 'summary', dryRun: true, planned: 5, sent: 0, notSent: 5 });
  });
});

describe('replay --state', () => {
  it('a second run sends only what was not delivered', async () => {
    const { file, items } = savedStream('state.ndjson');
    const refused = new Set([items[1]!.uuid, items[3]!.uuid]);
    let handlerFixed = false;
    const h = await open((_n, res, req) => {
      void req;
      const uuid = uuidOf(h.bodies.at(-1)!);
      res.writeHead(!handlerFixed && refused.has(uuid) ? 503 : 200).end();
    });
    const state = join(dir.path, 'runs', 'state.json');
    const first = await cli(['--from', file, '--to', h.url, '--yes', '--state', 'runs/state.json']);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('3 of 5 delivered, 2 failed');
    expect(first.stderr).toContain('Run the same command again to send what was not delivered');
    const recorded = JSON.parse(readFileSync(state, 'utf8')) as { url: string; notifications: Record<string, { result: string; status: number }> };
    expect(recorded.url).toBe(h.url);
    expect(Object.keys(recorded.notifications)).toEqual(items.map((s) => s.uuid));
    expect(recorded.notifications[items[1]!.uuid]).toMatchObject({ result: 'UNSUCCESSFUL_HTTP_RESPONSE_CODE', status: 503 });

    handlerFixed = true;
    h.bodies.length = 0;
    const second = await cli(['--from', file, '--to', h.url, '--yes', '--state', 'runs/state.json', '--json']);
    expect(second.code).toBe(0);
    expect(h.bodies.map(uuidOf)).toEqual([items[1]!.uuid, items[3]!.uuid]);
    expect(ndjson(second).at(-1)).toMatchObject({ alreadyDelivered: 3, planned: 2, delivered: 2 });

    const third = await cli(['--from', file, '--to', h.url, '--yes', '--state', 'runs/state.json']);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('Nothing to replay: all 5 were delivered before (runs/state.json)');
  });

  it('refuses a state file it cannot read or does not recognise, and leaves it as it is', async () => {
    const { file } = savedStream('corrupt.ndjson', 1);
    const h = await open();
    const corrupt = dir.file('corrupt-state.json', '{"format": "asn-doctor replay state", "version": 1, "url": "http://x/", "notifications": {"a": {"result": "MAYBE"}}}');
    const before = statSync(corrupt);
    const r = await cli(['--from', file, '--to', h.url, '--yes', '--state', corrupt, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'replay.state.corrupt', message: expect.stringContaining('its entry for "a" is not a recorded answer') } });
    expect(statSync(corrupt).mtimeMs).toBe(before.mtimeMs);
    expect(readFileSync(corrupt, 'utf8')).toContain('MAYBE');

    const notJson = dir.file('not-json-state.json', 'hello');
    const r2 = await cli(['--from', file, '--to', h.url, '--yes', '--state', notJson]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/error: \S+not-json-state.json is not a replay state file: it is not JSON .*; it is left as it is/);
    expect(readFileSync(notJson, 'utf8')).toBe('hello');

    const folder = join(dir.path, 'a-folder');
    mkdirSync(folder, { recursive: true });
    const r3 = await cli(['--from', file, '--to', h.url, '--yes', '--state', folder]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('it is a folder, not a file');

    const other = dir.file('other-state.json', JSON.stringify({ format: 'asn-doctor replay state', version: 1, url: 'https://elsewhere.example/asn', notifications: {} }));
    const r4 = await cli(['--from', file, '--to', h.url, '--yes', '--state', other]);
    expect(r4.code).toBe(2);
    expect(r4.stderr).toContain(`records deliveries to https://elsewhere.example/asn, not ${h.url}`);
    expect(h.bodies).toHaveLength(0);
  });

  it('a state file that cannot be written stops the run before anything is sent', async () => {
    const { file } = savedStream('unwritable.ndjson', 1);
    const h = await open();
    const r = await cli(['--from', file, '--to', h.url, '--yes', '--state', '/proc/self/replay-state.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: cannot write the state file /proc/self/replay-state.json');
    expect(h.bodies).toHaveLength(0);
  });
});

describe('replay stops and paces', () => {
  it('stops after --max-failures failures in a row (5 unless told), and 0 never stops', async () => {
    const { file } = savedStream('failing.ndjson', 8);
    const h = await open((_n, res) => res.writeHead(500).end());
    const r = await cli(['--from', file, '--to', h.url, '--yes', '--json']);
    expect(r.code).toBe(1);
    expect(h.bodies).toHaveLength(5);
    expect(ndjson(r).at(-1)).toMatchObject({ kind: 'summary', ok: false, sent: 5, failed: 5, notSent: 3, stopped: 'max-failures' });
    const human = await cli(['--from', file, '--to', h.url, '--yes', '--max-failures', '2']);
    expect(human.stdout).toContain('✗ stopped after 2 failures in a row');
    h.bodies.length = 0;
    const all = await cli(['--from', file, '--to', h.url, '--yes', '--max-failures', '0', '--json']);
    expect(all.code).toBe(1);
    expect(h.bodies).toHaveLength(8);
    expect(ndjson(all).at(-1)).toMatchObject({ sent: 8, failed: 8, stopped: null });
  });

  it('names each answer as Apple would record it', async () => {
    const { file } = savedStream('results.ndjson', 1);
    const nothing = await deadUrl();
    const r = await cli(['--from', file, '--to', nothing, '--yes', '--json']);
    expect(r.code).toBe(1);
    expect(ndjson(r)[0]).toMatchObject({ kind: 'notification', ok: false, result: 'SOCKET_ISSUE', status: null, errorCode: 'ECONNREFUSED' });
  });

  it('--concurrency N sends N at once and still reports in order', async () => {
    const { file, items } = savedStream('concurrent.ndjson', 8);
    const h = await open((i, res) => setTimeout(() => res.writeHead(200).end(), i % 2 ? 60 : 10));
    const r = await cli(['--from', file, '--to', h.url, '--yes', '--concurrency', '4', '--json']);
    expect(r.code).toBe(0);
    expect(h.maxInFlight).toBe(4);
    expect(ndjson(r).slice(0, 8).map((x) => x.notificationUUID)).toEqual(items.map((s) => s.uuid));
  });
});

describe('replay from Apple’s history (the emulator)', () => {
  let t: TestEmulator;
  /** history's API flags, less --root: replay does not verify what it sends (the handler does). */
  let api: (env: 'sandbox' | 'production') => string[];
  beforeAll(async () => {
    t = await startTestEmulator();
    api = (env) => {
      const args = t.args(env);
      args.splice(args.indexOf('--root'), 2);
      return args;
    };
  });
  afterAll(() => t?.close());

  it('sends only the failures with --only-failures, oldest first', async () => {
    const down = await deadUrl();
    const ok = await open();
    const missed: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const to = i % 2 ? ok.url : down;
      const res = await control(t.emu, 'trigger', { body: { notificationType: 'DID_RENEW', environment: 'Sandbox', to } });
      const sent = (await res.json()) as { notificationUUID: string };
      if (to === down) missed.push(sent.notificationUUID);
    }
    const h = await open();
    const r = await runInProcess(['replay', ...api('sandbox'), '--only-failures', '--to', h.url, '--yes', '--json'], { cwd: dir.path });
    expect(r.code, r.stdout).toBe(0);
    expect(h.bodies.map(uuidOf)).toEqual(missed);
    expect(ndjson(r).at(-1)).toMatchObject({ source: 'history', environment: 'sandbox', request: { onlyFailures: true }, found: 2, delivered: 2 });
  });

  it('retries a failed history page as history does', async () => {
    const res = await control(t.emu, 'trigger', { body: { notificationType: 'DID_RENEW', environment: 'Sandbox', to: await deadUrl() } });
    await res.arrayBuffer();
    await control(t.emu, 'faults', { method: 'PUT', body: { history: { kind: '500', times: 1 } } });
    const r = await runInProcess(['replay', ...api('sandbox'), '--dry-run', '--json', '--debug'], { cwd: dir.path });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stderr).toMatch(/retry/i);
    expect(ndjson(r).at(-1)).toMatchObject({ kind: 'summary', dryRun: true, source: 'history' });
    expect(ndjson(r).at(-1)!.found).toBeGreaterThan(0);
  });

  it('exit 3 when history cannot be read: an answer that is not history, or a 401', async () => {
    const h = await open();
    await control(t.emu, 'faults', { method: 'PUT', body: { history: 'malformed-json' } });
    try {
      const r = await runInProcess(['replay', ...api('sandbox'), '--to', h.url, '--yes', '--json'], { cwd: dir.path });
      expect(r.code).toBe(3);
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
    } finally {
      await control(t.emu, 'faults', { method: 'DELETE' });
    }
    const stranger = api('sandbox');
    stranger[stranger.indexOf('--key') + 1] = strangerKey(dir.path);
    const unauthorized = await runInProcess(['replay', ...stranger, '--to', h.url, '--yes'], { cwd: dir.path });
    expect(unauthorized.code).toBe(3);
    expect(h.bodies).toHaveLength(0);
  });
});
