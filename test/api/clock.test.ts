// The clock check on ordinary answers: history, send-test and test-status compare the first response's
// Date header with this machine's clock and warn past 60 s (a 401 reports it in its triage instead).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess as runCli } from '../helpers/in-process-cli.js';
import { strangerKey } from './helpers.js';
import { startLocalApi, type LocalApi } from './local-api.js';

let api: LocalApi;
let dir: string;
let keyPath: string;

beforeAll(async () => {
  api = await startLocalApi();
  dir = mkdtempSync(join(tmpdir(), 'asn-clock-'));
  keyPath = strangerKey(dir);
});

afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  api.requests.length = 0;
});

const args = () => [
  '--api-url', api.url, '--env', 'production',
  '--issuer-id', '57246542-96fe-1a63-e053-0824d011072a', '--key', keyPath, '--bundle-id', 'com.example.app', '--timeout', '3',
];

const emptyHistory = (offsetMs: number) => ({
  status: 200,
  json: { notificationHistory: [], hasMore: false },
  headers: { date: new Date(Date.now() + offsetMs).toUTCString() },
});

describe('clock skew against the API’s Date header', () => {
  it('warns on stderr when the server is 10 minutes ahead, and the result is unchanged', async () => {
    api.script(() => emptyHistory(600_000));
    const r = await runCli(['history', '--json', ...args()]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: local clock is (9 min 5\d s|10 min) behind the server/);
    expect(r.stderr.match(/local clock is/g)).toHaveLength(1);
    const lines = r.stdout.trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ kind: 'summary', ok: true, count: 0 });
  });

  it('says nothing when the clocks agree', async () => {
    api.script(() => emptyHistory(0));
    const r = await runCli(['history', ...args()]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('local clock');
  });

  it('leaves a 401’s skew to the triage (no second warning)', async () => {
    api.script(() => ({ status: 401, text: '', headers: { date: new Date(Date.now() + 600_000).toUTCString() } }));
    const r = await runCli(['history', ...args()]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('local clock');
    expect(r.stdout).toMatch(/local clock is (9 min 5\d s|10 min) behind the server/);
  });
});
