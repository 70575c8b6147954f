// Every command's real --json output, success, failure and error documents, validated against the
// schema shipped for it (schemas/<command>.schema.json). The commands run in-process through the real
// argument parser against local servers: the emulator standing in for Apple, a TLS receiver, plain
// HTTP receivers. Each case also pins the outcome, so a run that printed the wrong arm still fails.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoSession, type DemoSession } from '../../src/demo/session.js';
import { signNotification } from '../../src/emulator/index.js';
import { BUNDLE_ID, ISSUER_ID, KEY_ID, p256, TempDir } from '../auth/helpers/keys.js';
import { apiToken, startReceiver, type Receiver } from '../emulator/helpers.js';
import { runInProcess, type InProcessOptions, type InProcessResult } from '../helpers/in-process-cli.js';
import { expectDocument, expectRecords } from './contract.js';

let s: DemoSession;
let ok200: Receiver;
let failing500: Receiver;
let hanging: Receiver;
const dir = new TempDir();
let caFile: string;

beforeAll(async () => {
  s = await openDemoSession();
  ok200 = await startReceiver();
  failing500 = await startReceiver((_q, res) => {
    res.writeHead(500);
    res.end();
  });
  hanging = await startReceiver(() => undefined);
  caFile = s.listener.caPath!;
});
afterAll(async () => {
  await Promise.all([s?.close(), ok200?.close(), failing500?.close(), hanging?.close()]);
  dir.remove();
});

const cli = (argv: string[], opts: InProcessOptions = {}): Promise<InProcessResult> => runInProcess(argv, { cwd: dir.path, ...opts });

/** The emulator's credentials and API address, as a user passes them. */
function api(env: 'sandbox' | 'production' = 'sandbox'): string[] {
  const e = s.emulator;
  return ['--api-url', e.baseUrl, '--env', env, '--issuer-id', e.issuerId, '--key-id', e.keyId, '--key', e.privateKeyPath!, '--bundle-id', e.bundleId, '--root', e.rootCaPath, '--timeout', '5'];
}

/** A key the emulator does not know: every API call answers 401. */
function strangerApi(): string[] {
  const key = dir.file(`SubscriptionKey_${KEY_ID}.p8`, p256().pkcs8Pem);
  return ['--api-url', s.emulator.baseUrl, '--env', 'sandbox', '--issuer-id', ISSUER_ID, '--key', key, '--bundle-id', BUNDLE_ID, '--timeout', '5'];
}

/** Runs a long-running command until `ready` holds for its stdout, does `act`, then stops it as Ctrl-C does. */
async function whileRunning(argv: string[], ready: (stdout: string) => boolean, act: (stdout: string) => Promise<void>, until: (stdout: string) => boolean): Promise<InProcessResult> {
  const stop = new AbortController();
  let seen = '';
  let started: () => void;
  const isReady = new Promise<void>((resolve) => (started = resolve));
  let finished: () => void;
  const isDone = new Promise<void>((resolve) => (finished = resolve));
  const running = cli(argv, {
    signal: stop.signal,
    onStdout: (text) => {
      seen = text;
      if (ready(text)) started();
      if (until(text)) finished();
    },
  });
  const deadline = (what: string) => new Promise<never>((_r, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}:\n${seen}`)), 15_000).unref());
  try {
    await Promise.race([isReady, deadline('the first line'), running.then((r) => Promise.reject(new Error(`ended early: ${JSON.stringify(r)}`)))]);
    await act(seen);
    await Promise.race([isDone, deadline('the events')]);
  } finally {
    stop.abort();
  }
  return running;
}

const lines = (text: string) => text.split('\n').filter(Boolean);

describe('--json output matches its schema', () => {
  it('check-url: deliverable (exit 0) and not deliverable (exit 1)', async () => {
    const good = await cli(['check-url', s.receiverUrl, '--ca', caFile, '--allow-private', '--timeout', '5', '--json']);
    expect(good.code).toBe(0);
    expect(expectDocument('check-url', good.stdout)).toMatchObject({ ok: true, verdict: 'deliverable', predictedResult: 'SUCCESS' });

    const bad = await cli(['check-url', ok200.url.replace('http:', 'https:'), '--allow-private', '--timeout', '5', '--json']);
    expect(bad.code).toBe(1);
    expect(expectDocument('check-url', bad.stdout)).toMatchObject({ ok: false, verdict: 'not-deliverable' });
  });

  it('allowlist: snippets, an address inside and one outside Apple’s range, and a usage error', async () => {
    const snippets = await cli(['allowlist', '--json']);
    expect(snippets.code).toBe(0);
    expect(expectDocument('allowlist', snippets.stdout)).toMatchObject({ ok: true, mode: 'snippets', range: '17.0.0.0/8' });

    const inside = await cli(['allowlist', '--check', '17.1.2.3', '--json']);
    expect(inside.code).toBe(0);
    expect(expectDocument('allowlist', inside.stdout)).toMatchObject({ ok: true, mode: 'check', inRange: true });

    const outside = await cli(['allowlist', '--check', '::ffff:10.0.0.1', '--json']);
    expect(outside.code).toBe(1);
    expect(expectDocument('allowlist', outside.stdout)).toMatchObject({ ok: false, mode: 'check', inRange: false });

    const usage = await cli(['allowlist', '--check', 'not-an-address', '--json']);
    expect(usage.code).toBe(2);
    expect(expectDocument('allowlist', usage.stdout)).toMatchObject({ ok: false, error: { code: 'usage.bad-ip' } });
  });

  it('token and token inspect: a good token, a broken one, and missing credentials', async () => {
    const e = s.emulator;
    const signed = await cli(['token', '--issuer-id', e.issuerId, '--key-id', e.keyId, '--key', e.privateKeyPath!, '--bundle-id', e.bundleId, '--json']);
    expect(signed.code).toBe(0);
    const doc = expectDocument('token', signed.stdout);
    expect(doc).toMatchObject({ ok: true, header: { alg: 'ES256', kid: e.keyId } });

    const good = await cli(['token', 'inspect', doc.token as string, '--key', e.privateKeyPath!, '--json']);
    expect(good.code).toBe(0);
    expect(expectDocument('token-inspect', good.stdout)).toMatchObject({ ok: true, counts: { fail: 0 } });

    const tooLong = apiToken(e, { claims: { exp: Math.floor(Date.now() / 1000) + 7200 } });
    const bad = await cli(['token', 'inspect', tooLong, '--json']);
    expect(bad.code).toBe(1);
    expect(expectDocument('token-inspect', bad.stdout).ok).toBe(false);

    const missing = await cli(['token', '--json']);
    expect(missing.code).toBe(2);
    expect(expectDocument('token', missing.stdout)).toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.any(String) } });
  });

  it('urls, urls set and urls check: the settings, a change, a check; a problem; an error', async () => {
    const e = s.emulator;
    const asc = ['--asc-url', e.ascUrl, '--asc-issuer-id', e.ascIssuerId!, '--asc-key', e.ascPrivateKeyPath, '--bundle-id', e.bundleId, '--timeout', '5'];
    const shown = await cli(['urls', ...asc, '--allow-private', '--json']);
    expect(shown.code, shown.stdout + shown.stderr).toBe(0);
    expect(expectDocument('urls', shown.stdout)).toMatchObject({ ok: true, production: { url: s.receiverUrl, effectiveUrl: s.receiverUrl } });

    const dry = await cli(['urls', 'set', ...asc, '--sandbox', ok200.url, '--allow-private', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(expectDocument('urls-set', dry.stdout)).toMatchObject({ ok: true, mode: 'dry-run', readBack: false, changes: [{ attribute: 'subscriptionStatusUrlForSandbox' }] });
    const refused = await cli(['urls', 'set', ...asc, '--sandbox', ok200.url, '--allow-private', '--check', '--yes', '--json']);
    expect(refused.code).toBe(1);
    expect(expectDocument('urls-set', refused.stdout)).toMatchObject({ ok: false, mode: 'refused' });
    const noYes = await cli(['urls', 'set', ...asc, '--sandbox', 'https://example.com/asn', '--json']);
    expect(noYes.code).toBe(2);
    expect(expectDocument('urls-set', noYes.stdout)).toMatchObject({ ok: false, error: { code: 'urls.set.needs-yes' } });

    const checked = await cli(['urls', 'check', ...asc, '--ca', caFile, '--allow-private', '--json']);
    expect(checked.code).toBe(0);
    expect(expectDocument('urls-check', checked.stdout)).toMatchObject({ ok: true, couldNotFinish: false, production: { verdict: 'deliverable' } });
    const untrusted = await cli(['urls', 'check', ...asc, '--allow-private', '--json']);
    expect(untrusted.code).toBe(1);
    expect(expectDocument('urls-check', untrusted.stdout)).toMatchObject({ ok: false, production: { verdict: 'not-deliverable', predictedResult: 'TLS_ISSUE' } });
    const unknownApp = await cli(['urls', 'check', ...asc, '--bundle-id', 'com.example.nothing', '--json']);
    expect(unknownApp.code).toBe(2);
    expect(expectDocument('urls-check', unknownApp.stdout)).toMatchObject({ ok: false, error: { code: 'urls.app.unknown-bundle-id' } });

    const ascToken = await cli(['token', '--asc', ...asc.slice(0, -2), '--json']);
    expect(ascToken.code).toBe(0);
    expect(expectDocument('token', ascToken.stdout)).toMatchObject({ ok: true, kind: 'app-store-connect', keyKind: 'team', claims: { iss: e.ascIssuerId, aud: 'appstoreconnect-v1' } });
    const inspected = await cli(['token', 'inspect', JSON.parse(ascToken.stdout).token as string, '--key', e.ascPrivateKeyPath, '--json']);
    expect(inspected.code).toBe(0);
    expect(expectDocument('token-inspect', inspected.stdout)).toMatchObject({ ok: true, kind: 'app-store-connect', kindFrom: 'key-file' });
  });

  it('send-test and test-status: delivered, not delivered, no attempt in time, unknown token, 401', async () => {
    s.emulator.setNotifyUrl('Sandbox', s.receiverUrl);
    const delivered = await cli(['send-test', ...api(), '--wait', '10', '--json']);
    const sent = expectDocument('send-test', delivered.stdout);
    expect(sent).toMatchObject({ ok: true, answered: true, delivered: true, lastResult: 'SUCCESS', payload: { verified: true } });
    expect(delivered.code).toBe(0);

    const status = await cli(['test-status', sent.testNotificationToken as string, ...api(), '--json']);
    expect(status.code).toBe(0);
    expect(expectDocument('test-status', status.stdout)).toMatchObject({ ok: true, answered: true, delivered: true });

    s.emulator.setNotifyUrl('Sandbox', failing500.url);
    const notDelivered = await cli(['send-test', ...api(), '--wait', '10', '--json']);
    expect(notDelivered.code).toBe(1);
    expect(expectDocument('send-test', notDelivered.stdout)).toMatchObject({ ok: false, answered: true, delivered: false, lastResult: 'UNSUCCESSFUL_HTTP_RESPONSE_CODE' });

    s.emulator.setNotifyUrl('Sandbox', hanging.url);
    const noAttempt = await cli(['send-test', ...api(), '--wait', '1', '--json']);
    expect(noAttempt.code).toBe(3);
    expect(expectDocument('send-test', noAttempt.stdout)).toMatchObject({ ok: false, answered: false });
    s.emulator.setNotifyUrl('Sandbox', s.receiverUrl);

    const unknown = await cli(['test-status', '00000000-0000-4000-8000-000000000000', ...api(), '--json']);
    expect(unknown.code).toBe(1);
    expect(expectDocument('test-status', unknown.stdout)).toMatchObject({ ok: false, answered: false });

    const unauthorized = await cli(['send-test', ...strangerApi(), '--json']);
    expect(unauthorized.code).toBe(1);
    expect(expectDocument('send-test', unauthorized.stdout)).toMatchObject({ ok: false, error: { code: 'api.http.401' }, triage: expect.any(Array) });

    const badToken = await cli(['test-status', 'not a token', ...api(), '--json']);
    expect(badToken.code).toBe(2);
    expect(expectDocument('test-status', badToken.stdout)).toMatchObject({ ok: false, error: { code: 'api.test.token-format' } });
  });

  it('history: one line per notification, then the summary; a 401 is a line too', async () => {
    const r = await cli(['history', ...api(), '--json']);
    const recs = expectRecords('history', r.stdout);
    const notifications = recs.filter((x) => x.kind === 'notification');
    expect(notifications.length).toBeGreaterThanOrEqual(2);
    expect(recs.at(-1)).toMatchObject({ kind: 'summary', count: notifications.length });
    // Some sends above were not delivered.
    expect(r.code).toBe(1);
    expect(notifications.some((n) => n.ok === true && n.verified === true)).toBe(true);

    const unauthorized = await cli(['history', ...strangerApi(), '--json']);
    expect(unauthorized.code).toBe(1);
    expect(expectRecords('history', unauthorized.stdout)).toEqual([expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'api.http.401' }) })]);
  });

  it('replay: a line per notification (or planned one) and per bad input, then the summary; errors and a 401 are lines too', async () => {
    // replay does not verify what it sends (the handler does): history's flags less --root.
    const replayApi = () => api().filter((a, i, all) => a !== '--root' && all[i - 1] !== '--root');
    const sent = await cli(['replay', ...replayApi(), '--to', ok200.url, '--yes', '--json']);
    expect(sent.code).toBe(0);
    const recs = expectRecords('replay', sent.stdout);
    expect(recs.filter((x) => x.kind === 'notification').length).toBeGreaterThanOrEqual(2);
    expect(recs.at(-1)).toMatchObject({ kind: 'summary', ok: true, source: 'history', failed: 0 });

    const signed = await signNotification('DID_RENEW', { stateDir: join(s.dir, 'emulator') });
    const file = dir.file('replay.ndjson', [JSON.stringify({ signedPayload: signed.signedPayload }), 'garbage'].join('\n'));
    const failed = await cli(['replay', '--from', file, '--to', failing500.url, '--yes', '--skip-bad', '--json']);
    expect(failed.code).toBe(1);
    expect(expectRecords('replay', failed.stdout).map((x) => [x.kind, x.ok])).toEqual([
      ['bad-input', false],
      ['notification', false],
      ['summary', false],
    ]);
    const dry = await cli(['replay', '--from', file, '--skip-bad', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(expectRecords('replay', dry.stdout).map((x) => x.kind)).toEqual(['bad-input', 'planned', 'summary']);

    const refused = await cli(['replay', '--from', file, '--to', ok200.url, '--yes', '--json']);
    expect(refused.code).toBe(2);
    expect(expectRecords('replay', refused.stdout).at(-1)).toMatchObject({ ok: false, error: { code: 'replay.bad-input' } });
    const state = dir.file('replay-state.json', 'not a state file');
    const corrupt = await cli(['replay', '--from', file, '--to', ok200.url, '--state', state, '--json']);
    expect(corrupt.code).toBe(2);
    expect(expectRecords('replay', corrupt.stdout)).toEqual([expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'replay.state.corrupt' }) })]);

    const strangerArgs = strangerApi();
    const unauthorized = await cli(['replay', ...strangerArgs, '--to', ok200.url, '--yes', '--json']);
    expect(unauthorized.code).toBe(3);
    expect(expectRecords('replay', unauthorized.stdout)).toEqual([expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'api.http.401' }), triage: expect.any(Array) })]);
  });

  it('trigger: delivered, not delivered, --print, and a usage error', async () => {
    const state = join(dir.path, 'trigger-state');
    const delivered = await cli(['trigger', 'DID_RENEW', '--to', ok200.url, '--state-dir', state, '--json']);
    expect(delivered.code).toBe(0);
    expect(expectDocument('trigger', delivered.stdout)).toMatchObject({ ok: true, mode: 'deliver', result: 'SUCCESS', status: 200 });

    const refused = await cli(['trigger', 'DID_RENEW', '--to', failing500.url, '--state-dir', state, '--json']);
    expect(refused.code).toBe(1);
    expect(expectDocument('trigger', refused.stdout)).toMatchObject({ ok: false, mode: 'deliver', result: 'UNSUCCESSFUL_HTTP_RESPONSE_CODE' });

    const printed = await cli(['trigger', 'SUBSCRIBED', '--subtype', 'INITIAL_BUY', '--print', '--state-dir', state, '--json']);
    expect(printed.code).toBe(0);
    expect(expectDocument('trigger', printed.stdout)).toMatchObject({ ok: true, mode: 'print', body: { signedPayload: expect.stringMatching(/^eyJ/) } });

    const unknown = await cli(['trigger', 'NOT_A_TYPE', '--print', '--json']);
    expect(unknown.code).toBe(2);
    expect(expectDocument('trigger', unknown.stdout)).toMatchObject({ ok: false, error: { code: 'emulator.unknown-type' } });
  });

  it('decode: verified, not verified, a batch as NDJSON, and not a payload', async () => {
    const printed = await cli(['trigger', 'DID_RENEW', '--print', '--state-dir', join(dir.path, 'decode-state'), '--json']);
    const { body, rootCaPath } = JSON.parse(printed.stdout) as { body: { signedPayload: string }; rootCaPath: string };
    const jws = body.signedPayload;

    const verified = await cli(['decode', jws, '--root', rootCaPath, '--json']);
    expect(verified.code).toBe(0);
    expect(expectDocument('decode', verified.stdout)).toMatchObject({ ok: true, verified: true, kind: 'notification' });

    const apple = readFileSync(new URL('../fixtures/apple/real-10.jws', import.meta.url), 'utf8').trim();
    const real = await cli(['decode', apple, '--json']);
    expect(real.code).toBe(0);
    expect(expectDocument('decode', real.stdout)).toMatchObject({ ok: true, verified: true });

    const notVerified = await cli(['decode', jws, '--json']);
    expect(notVerified.code).toBe(1);
    expect(expectDocument('decode', notVerified.stdout)).toMatchObject({ ok: false, verified: false });

    const file = join(dir.path, 'batch.ndjson');
    writeFileSync(file, [jws, JSON.stringify({ signedPayload: jws, sendAttempts: [{ attemptDate: 1, sendAttemptResult: 'SUCCESS' }] }), 'garbage', apple].join('\n'));
    const batch = await cli(['decode', '--file', file, '--root', rootCaPath, '--json']);
    expect(batch.code).toBe(2);
    const recs = expectRecords('decode', batch.stdout);
    expect(recs.map((x) => [x.source, x.ok])).toEqual([
      ['line 1', true],
      ['line 2', true],
      ['line 3', false],
      ['line 4', true],
    ]);
    expect(recs[1]!.sendAttempts).toEqual([{ attemptDate: 1, sendAttemptResult: 'SUCCESS' }]);
    expect(recs[2]!.error.code).toMatch(/^input\./);

    const notAPayload = await cli(['decode', 'garbage.that.is-not', '--json']);
    expect(notAPayload.code).toBe(2);
    expect(expectDocument('decode', notAPayload.stdout)).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(input|decode)\./) } });
  });

  it('emulator: the first line, then an attempt, a rejected token and a refused request', async () => {
    const state = join(dir.path, 'emulator-state');
    const r = await whileRunning(
      ['emulator', '--port', '0', '--state-dir', state, '--notify-url', ok200.url, '--json'],
      (out) => out.includes('\n'),
      async (out) => {
        const first = JSON.parse(lines(out)[0]!) as { baseUrl: string; controlSecret: string };
        await fetch(`${first.baseUrl}/inApps/v1/notifications/test`, { method: 'POST', headers: { authorization: 'Bearer not-a-token' } });
        await fetch(`${first.baseUrl}/inApps/v1/notifications/test`, { method: 'POST', headers: { origin: 'https://elsewhere.example' } });
        await fetch(`${first.baseUrl}/_emulator/trigger`, {
          method: 'POST',
          headers: { 'x-emulator-secret': first.controlSecret, 'content-type': 'application/json' },
          body: JSON.stringify({ notificationType: 'DID_RENEW' }),
        });
      },
      (out) => ['"rejected"', '"refused"', '"attempt"'].every((e) => out.includes(`"event":${e}`)),
    );
    expect(r.code).toBe(0);
    const recs = expectRecords('emulator', r.stdout);
    expect(recs[0]).toMatchObject({ ok: true, event: 'listening', notApple: true });
    expect(recs.slice(1).map((x) => x.event).sort()).toEqual(['attempt', 'refused', 'rejected']);
    expect(recs.find((x) => x.event === 'attempt')).toMatchObject({ ok: true, result: 'SUCCESS', notificationType: 'DID_RENEW' });
  });

  it('listen: the first line, a verified notification (kept with --save) and a malformed body', async () => {
    const r = await whileRunning(
      ['listen', '--port', '0', '--root', s.emulator.rootCaPath, '--save', join(dir.path, 'kept'), '--json'],
      (out) => out.includes('\n'),
      async (out) => {
        const { url } = JSON.parse(lines(out)[0]!) as { url: string };
        const signed = await signNotification('DID_RENEW', { stateDir: join(s.dir, 'emulator') });
        await fetch(`${url}apple`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ signedPayload: signed.signedPayload }) });
        await fetch(`${url}apple`, { method: 'POST', body: 'not json' });
      },
      (out) => lines(out).length >= 3,
    );
    expect(r.code).toBe(0);
    const recs = expectRecords('listen', r.stdout);
    expect(recs[0]).toMatchObject({ ok: true, event: 'listening', forwardTo: null, saveDir: join(dir.path, 'kept') });
    expect(recs[1]).toMatchObject({ ok: true, event: 'request', kind: 'notification', notification: { verified: true }, saved: expect.stringContaining(join(dir.path, 'kept')) });
    expect(recs[2]).toMatchObject({ ok: false, event: 'request', kind: 'malformed' });
  });

  it('init without a terminal: the file written, and a missing value', async () => {
    const config = join(dir.path, 'init', 'config.json');
    const e = s.emulator;
    const written = await cli(['init', '--config', config, '--issuer-id', e.issuerId, '--key', e.privateKeyPath!, '--bundle-id', e.bundleId, '--json']);
    expect(written.code).toBe(0);
    expect(expectDocument('init', written.stdout)).toMatchObject({ ok: true, written: true, path: config, config: { issuerId: e.issuerId } });

    const missing = await cli(['init', '--config', join(dir.path, 'init2', 'config.json'), '--json']);
    expect(missing.code).toBe(2);
    expect(expectDocument('init', missing.stdout)).toMatchObject({ ok: false, error: { code: 'init.no-tty' } });
  });

  it('doctor: a configuration that works, and nothing configured', async () => {
    const e = s.emulator;
    const creds = ['--issuer-id', e.issuerId, '--key-id', e.keyId, '--key', e.privateKeyPath!, '--bundle-id', e.bundleId, '--api-url', e.baseUrl];
    const good = await cli(['doctor', ...creds, '--sandbox-url', s.receiverUrl, '--ca', caFile, '--allow-private', '--timeout', '5', '--json']);
    expect(good.code).toBe(0);
    expect(expectDocument('doctor', good.stdout)).toMatchObject({ ok: true, nothingConfigured: false, couldNotFinish: false });

    const nothing = await cli(['doctor', '--json']);
    expect(nothing.code).toBe(2);
    expect(expectDocument('doctor', nothing.stdout)).toMatchObject({ ok: false, nothingConfigured: true });
  });

  it('demo: every step', async () => {
    const r = await cli(['demo', '--json']);
    expect(r.code).toBe(0);
    const doc = expectDocument('demo', r.stdout);
    expect(doc.ok).toBe(true);
    expect(doc.steps.map((x: { step: string }) => x.step)).toEqual(['setup', 'urls', 'check-url', 'token', 'send-test', 'arrival', 'decode', 'trigger', 'history']);
  });

  it('a usage error is the error document, for a command and for the program', async () => {
    const option = await cli(['--json', 'check-url', '--bogus']);
    expect(option.code).toBe(2);
    expect(expectDocument('check-url', option.stdout)).toMatchObject({ ok: false, error: { code: 'usage.unknownOption' } });

    const url = await cli(['check-url', 'not a url', '--json']);
    expect(url.code).toBe(2);
    expect(expectDocument('check-url', url.stdout)).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(usage|url)\./) } });
  });
});
