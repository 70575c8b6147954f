// send-test and test-status against the emulator on 127.0.0.1 and local receivers. In-process (the
// real argument parser and top-level handler; see test/helpers/in-process-cli.ts), except the runs
// marked "(process)": one per command through the built CLI, where stdout and stderr are the
// process's own and the exit code comes from the launcher.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { runInProcess, type InProcessResult } from '../helpers/in-process-cli.js';
import { deadUrl, expectNoSecrets, startReceiver, startTestEmulator, strangerKey, type Receiver, type TestEmulator } from './helpers.js';

let t: TestEmulator;
let ok: Receiver;
let failing: Receiver;
const outputs: string[] = [];

type Result = Pick<InProcessResult, 'stdout' | 'stderr'> & { code: number | null };

async function cli(args: string[], opts: { onStderr?: (text: string) => void } = {}): Promise<Result> {
  const r = await runInProcess(args, opts);
  outputs.push(r.stdout + r.stderr);
  return r;
}

/** The built CLI as a process. */
async function processCli(args: string[]): Promise<Result> {
  const r = await runCli(args, { timeoutMs: 25_000 });
  outputs.push(r.stdout + r.stderr);
  return r;
}

function json(r: Result): Record<string, any> {
  return JSON.parse(r.stdout) as Record<string, any>;
}

beforeAll(async () => {
  t = await startTestEmulator();
  ok = await startReceiver(200);
  failing = await startReceiver(500);
});

afterAll(async () => {
  await Promise.all([t?.close(), ok?.close(), failing?.close()]);
});

describe('send-test', () => {
  it('reports a delivered TEST notification, with its verified payload, and exits 0 (process)', async () => {
    t.emu.setNotifyUrl('Production', ok.url);
    const r = await processCli(['send-test', ...t.args('production')]);
    expect(r.stderr).toMatch(/^1 attempt recorded after [\d.]+ m?s\n$/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/token [0-9a-f-]{36}/);
    expect(r.stdout).toMatch(/\d{4}-\d\d-\d\dT[\d:.]+Z \(.*\)\s+SUCCESS/);
    expect(r.stdout).toContain('Delivered: the production URL answered');
    expect(r.stdout).toContain('The TEST signedPayload verifies (signed by your --root CA, not by Apple): TEST');
    expect(ok.count).toBeGreaterThan(0);
  });

  it('finds the emulator’s CA by itself when no --root is given, and says the payload is not Apple’s', async () => {
    t.emu.setNotifyUrl('Production', ok.url);
    const args = t.args('production');
    args.splice(args.indexOf('--root'), 2);
    const r = await cli(['send-test', ...args]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The TEST signedPayload verifies (signed by the emulator’s CA, not by Apple)');
  });

  it('gives the whole story as one JSON document with --json', async () => {
    t.emu.setNotifyUrl('Sandbox', ok.url);
    const r = await cli(['send-test', '--json', ...t.args('sandbox')]);
    expect(r.code).toBe(0);
    const doc = json(r);
    expect(doc).toMatchObject({ ok: true, environment: 'sandbox', answered: true, delivered: true, lastResult: 'SUCCESS', retrySchedule: 'single-attempt' });
    expect(doc.sendAttempts).toHaveLength(1);
    expect(doc.payload).toMatchObject({ verified: true, decoded: { notificationType: 'TEST', data: { environment: 'Sandbox', bundleId: t.emu.bundleId } } });
  });

  it('explains UNSUCCESSFUL_HTTP_RESPONSE_CODE from a receiver answering 500, with the check-url stage and the retry schedule', async () => {
    t.emu.setNotifyUrl('Production', failing.url);
    const r = await cli(['send-test', ...t.args('production')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('UNSUCCESSFUL_HTTP_RESPONSE_CODE');
    expect(r.stdout).toContain('Not delivered: the last attempt ended with UNSUCCESSFUL_HTTP_RESPONSE_CODE; your endpoint did not accept');
    expect(r.stdout).toContain('fix: Make the handler answer 200');
    expect(r.stdout).toContain('TEST notifications carry only bundleId and environment');
    expect(r.stdout).toContain('read its HTTP (status) checks');
    expect(r.stdout).toContain('Production retries a failed delivery up to 5 times');
  });

  it('words the outcome by what happened: no "your endpoint works" for a failed attempt, even in the decoded payload', async () => {
    t.emu.setNotifyUrl('Production', failing.url);
    const failed = await cli(['send-test', '--verbose', ...t.args('production')]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).not.toContain('endpoint works');
    expect(failed.stdout).toContain('your endpoint did not accept the TEST notification');
    t.emu.setNotifyUrl('Production', ok.url);
    const delivered = await cli(['send-test', ...t.args('production')]);
    expect(delivered.stdout).toContain('with a success status; your endpoint works');
  });

  it('every suggested command carries --api-url and the credential flags, and works as printed', async () => {
    t.emu.setNotifyUrl('Production', failing.url);
    const r = await cli(['send-test', ...t.args('production')]);
    const hint = /\(look it up later: (asn-doctor test-status [^)]+)\)/.exec(r.stdout)?.[1];
    expect(hint).toContain(`--api-url ${t.emu.baseUrl}`);
    expect(r.stdout).toContain(`Production retries a failed delivery`);
    // The production schedule's explanation names the same command.
    expect(r.stdout).toContain(`\`${hint}\` shows the attempts`);
    const again = await cli(hint!.split(' ').slice(1));
    expect(again.code, again.stderr).toBe(1);
    expect(again.stdout).toContain('UNSUCCESSFUL_HTTP_RESPONSE_CODE');
  });

  it('explains SOCKET_ISSUE when the receiver is down, and sandbox’s single attempt', async () => {
    t.emu.setNotifyUrl('Sandbox', await deadUrl());
    const r = await cli(['send-test', '--json', ...t.args('sandbox')]);
    expect(r.code).toBe(1);
    const doc = json(r);
    expect(doc).toMatchObject({ ok: false, delivered: false, lastResult: 'SOCKET_ISSUE', retrySchedule: 'single-attempt' });
    const ids = (doc.checks as { id: string }[]).map((c) => c.id);
    expect(ids).toEqual(['api.test.not-delivered', 'delivery.SOCKET_ISSUE', 'api.test.check-url-stage', 'api.test.schedule.sandbox']);
  });

  it('explains 4040007 (no URL for the environment) and where to set it, exit 1', async () => {
    t.emu.setNotifyUrl('Production', undefined);
    t.emu.setNotifyUrl('Sandbox', undefined);
    const r = await cli(['send-test', ...t.args('sandbox')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('4040007 ServerNotificationURLNotFoundError: no App Store Server Notifications URL is set for sandbox');
    expect(r.stderr).toContain('App Store Server Notifications → Sandbox Server URL');
  });

  it('triages a 401: formats, token, clock, then sandbox rejecting the same credentials', async () => {
    const args = t.args('production').map((a) => (a === t.emu.privateKeyPath ? strangerKey(t.dir) : a));
    const r = await cli(['send-test', ...args]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('401 Unauthorized');
    expect(r.stdout).toContain('Likely causes, most likely first');
    const order = ['Credentials', 'Token', 'Clock', 'Environment', 'Not checkable'].map((g) => r.stdout.indexOf(`  ${g}\n`));
    expect(order.every((i, n) => i > 0 && (n === 0 || i > order[n - 1]!))).toBe(true);
    expect(r.stdout).toContain('Sandbox rejects the same credentials too');
  });

  it('waits for the epoch-millisecond Retry-After of a 429, then succeeds', async () => {
    t.emu.setNotifyUrl('Production', ok.url);
    // Every request is refused with Retry-After = now + 1.5 s until the CLI has seen one 429; then the
    // limit is lifted, so the retry after the wait succeeds whatever the machine's speed.
    t.emu.setRateLimit('test', { limit: 0, windowMs: 1500 });
    try {
      let lifted = false;
      const r = await cli(['send-test', '--debug', ...t.args('production')], {
        onStderr: (text) => {
          if (!lifted && text.includes('← 429')) {
            lifted = true;
            t.emu.setRateLimit('test', undefined);
          }
        },
      });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/← 429 4290000/);
      expect(r.stderr).toMatch(/retry 2 in [\d.]+ (ms|s): rate limit exceeded \(429\)/);
      expect(r.stdout).toContain('SUCCESS');
    } finally {
      t.emu.setRateLimit('test', undefined);
    }
  });

  it('retries a 500 5000001 and then succeeds, showing the retry under --debug', async () => {
    t.emu.setNotifyUrl('Production', ok.url);
    t.emu.setFault('test', { kind: '500', remaining: 1 });
    const r = await cli(['send-test', '--debug', ...t.args('production')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('← 500 5000001');
    expect(r.stderr).toMatch(/retry 2 in [\d.]+ ms: 5000001 GeneralInternalRetryableError/);
  });

  it('gives up on a hanging API after the request timeout, exit 3', async () => {
    t.emu.setFault('test', { kind: 'hang' });
    try {
      const r = await cli(['send-test', ...t.args('production', ['--timeout', '300ms'])]);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^error: No answer from http:\/\/127\.0\.0\.1:\d+\/inApps\/v1\/notifications\/test within 300 ms\n  fix: /);
    } finally {
      t.emu.setFault('test', undefined);
    }
  });

  it('reports malformed JSON from the API clearly, exit 3', async () => {
    t.emu.setFault('test', { kind: 'malformed-json', remaining: 1 });
    const r = await cli(['send-test', '--json', ...t.args('production')]);
    expect(r.code).toBe(3);
    const doc = json(r);
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe('api.response.not-json');
    expect(doc.error.message).toMatch(/answered 200 with a body that is not valid JSON \(application\/json\).*body: "\{\\"testNotificationToken/);
  });

  it('ends with exit 3 and the token to ask again when no attempt is recorded within --wait', async () => {
    const silent = await startReceiver(200, { hang: true });
    try {
      t.emu.setNotifyUrl('Production', silent.url);
      const r = await cli(['send-test', '--json', ...t.args('production', ['--wait', '0.5'])]);
      expect(r.code).toBe(3);
      const doc = json(r);
      expect(doc).toMatchObject({ ok: false, answered: false, checks: [{ id: 'api.test.no-attempt-yet', status: 'fail' }] });
      expect(doc.checks[0].fix).toContain(`asn-doctor test-status ${doc.testNotificationToken} --env production --api-url ${t.emu.baseUrl}`);
      expect(doc.polls).toBeGreaterThanOrEqual(1);
    } finally {
      await silent.close();
    }
  });

  it('refuses a bad --wait before any request', async () => {
    const r = await cli(['send-test', ...t.args('production', ['--wait', 'soon'])]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --wait soon is not a number of seconds\n  fix: /);
  });
});

describe('test-status', () => {
  it('explains an earlier token the same way (process)', async () => {
    t.emu.setNotifyUrl('Production', failing.url);
    const sent = json(await cli(['send-test', '--json', ...t.args('production')]));
    const r = await processCli(['test-status', sent.testNotificationToken as string, ...t.args('production')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`Test notification ${sent.testNotificationToken}`);
    expect(r.stdout).toContain('UNSUCCESSFUL_HTTP_RESPONSE_CODE');
    expect(r.stdout).toContain('The TEST signedPayload verifies');
  });

  it('says 4040008 means no result yet (or an unknown token), exit 1', async () => {
    const r = await cli(['test-status', '00000000-0000-4000-8000-000000000000', '--json', ...t.args('production')]);
    expect(r.code).toBe(1);
    expect(json(r)).toMatchObject({ ok: false, answered: false, checks: [{ id: 'api.error.4040008', status: 'fail' }] });
  });

  it('rejects a pasted token with spaces or slashes, exit 2', async () => {
    const r = await cli(['test-status', 'not a/token', ...t.args('production')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not in the form Apple returns');
  });
});

describe('secrets', () => {
  it('never printed the private key or an API token, with or without --debug (the last run as a process)', async () => {
    t.emu.setNotifyUrl('Production', ok.url);
    const r = await processCli(['send-test', '--debug', '--json', ...t.args('production')]);
    expect(r.code).toBe(0);
    expect(outputs.length).toBeGreaterThan(10);
    for (const o of outputs) expectNoSecrets(o, t.keyPem);
  });
});
