// urls, urls set and urls check, in-process through the real argument parser, against the emulator
// standing in for App Store Connect and a local TLS receiver. Every bad input of the issue: a URL Apple
// would refuse, a read-only role (403), an unknown bundle ID, two apps with one bundle ID, the In-App
// Purchase key as the App Store Connect key, a network failure mid-PATCH; each with its exit code and
// nothing written. And the point: a URL set through the emulator is where it delivers afterwards.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDemoSession, type DemoSession } from '../../src/demo/session.js';
import { pemBody, TempDir } from '../auth/helpers/keys.js';
import { runInProcess, type InProcessResult } from '../helpers/in-process-cli.js';
import { readFileSync } from 'node:fs';

let s: DemoSession;
const dir = new TempDir();
beforeAll(async () => {
  s = await openDemoSession({ presetUrls: false });
});
afterAll(async () => {
  await s?.close();
  dir.remove();
});
beforeEach(() => {
  // Each test starts from an app with no URL and a key that may edit it.
  s.emulator.setNotifyUrl('Production', undefined);
  s.emulator.setNotifyUrl('Sandbox', undefined);
  s.emulator.setAscReadOnly(false);
});

const outputs: InProcessResult[] = [];
async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<InProcessResult> {
  const r = await runInProcess(argv, { cwd: dir.path, env });
  outputs.push(r);
  return r;
}

/** The emulator's App Store Connect key and app, as a user passes them. */
function asc(): string[] {
  const e = s.emulator;
  return ['--asc-url', e.ascUrl, '--asc-issuer-id', e.ascIssuerId!, '--asc-key', e.ascPrivateKeyPath, '--bundle-id', e.bundleId, '--timeout', '5'];
}
/** The In-App Purchase key and API, for --send. */
function iap(): string[] {
  const e = s.emulator;
  return ['--issuer-id', e.issuerId, '--key-id', e.keyId, '--key', e.privateKeyPath!, '--api-url', e.baseUrl];
}
const json = (r: InProcessResult) => JSON.parse(r.stdout) as Record<string, any>;
function readUrls(): Promise<Record<string, any>> {
  return cli(['urls', ...asc(), '--json']).then(json);
}

describe('urls (show)', () => {
  it('no URL at all: exit 1, and what Apple does in each environment', async () => {
    const r = await cli(['urls', ...asc()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`asn-doctor emulated app · ${s.emulator.bundleId} · Apple ID ${s.emulator.appAppleId}`);
    expect(r.stdout).toContain('✗ App Store Connect has no notification URL for this app: Apple sends nothing, in either environment');
  });

  it('production only: sandbox falls back to it; version 1 is a warning; the JSON carries effectiveUrl', async () => {
    s.emulator.setNotifyUrl('Production', 'https://example.com/asn');
    const doc = json(await cli(['urls', ...asc(), '--json']));
    expect(doc).toMatchObject({
      ok: true,
      app: { id: String(s.emulator.appAppleId), bundleId: s.emulator.bundleId },
      production: { url: 'https://example.com/asn', version: 'V2', effectiveUrl: 'https://example.com/asn' },
      sandbox: { url: null, version: null, effectiveUrl: 'https://example.com/asn' },
    });
    expect(doc.checks.map((c: { id: string }) => c.id)).toEqual(['urls.set', 'urls.sandbox-falls-back']);
  });

  it('only a sandbox URL: production notifications go nowhere', async () => {
    s.emulator.setNotifyUrl('Sandbox', 'https://example.com/sbx');
    const doc = json(await cli(['urls', ...asc(), '--json']));
    expect(doc.production.effectiveUrl).toBeNull();
    expect(doc.checks[0]).toMatchObject({ id: 'urls.production-missing', status: 'warn' });
  });
});

describe('urls set', () => {
  it('shows the change, writes only what changes, reads it back; the emulator then delivers there', async () => {
    const dry = await cli(['urls', 'set', ...asc(), '--production', s.receiverUrl, '--allow-private', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Production URL\s+\(none\) → https:\/\/127\.0\.0\.1:\d+\/apple\/notifications/);
    expect(dry.stdout).toContain('dry run: nothing was written');
    expect((await readUrls()).production.url).toBeNull();

    const set = await cli(['urls', 'set', ...asc(), ...iap(), '--production', s.receiverUrl, '--allow-private', '--yes', '--send', '--wait', '10', '--json']);
    expect(set.code, set.stdout).toBe(0);
    const doc = json(set);
    // --send: a TEST notification in the environment that changed, delivered to the URL just set.
    expect(doc.checks.find((c: { id: string }) => c.id === 'doctor.send.ok')).toMatchObject({ title: 'production TEST notification delivered: SUCCESS', data: { url: s.receiverUrl } });
    expect(doc).toMatchObject({ ok: true, mode: 'written', readBack: true, after: { production: { url: s.receiverUrl, version: 'V2' }, sandbox: { url: null } } });
    expect(doc.changes.map((c: { attribute: string }) => c.attribute)).toEqual(['subscriptionStatusUrl', 'subscriptionStatusUrlVersion']);
    expect(doc.checks.map((c: { id: string }) => c.id)).toContain('urls.rehearsal');

    // The same again: nothing to change.
    const again = await cli(['urls', 'set', ...asc(), '--production', s.receiverUrl, '--allow-private', '--yes', '--json']);
    expect(json(again).mode).toBe('unchanged');

    // send-test (sandbox: no Sandbox URL, so the Production URL) reaches the receiver set above.
    const sent = await cli(['send-test', ...iap(), '--bundle-id', s.emulator.bundleId, '--env', 'sandbox', '--root', s.emulator.rootCaPath, '--wait', '10', '--json']);
    expect(json(sent)).toMatchObject({ ok: true, delivered: true, lastResult: 'SUCCESS' });
    await s.listener.waitFor((e) => e.notification?.notificationType === 'TEST', 5000);
  });

  it('--version alone moves every URL there is; --clear-sandbox removes the sandbox URL', async () => {
    s.emulator.setNotifyUrl('Production', 'https://example.com/asn');
    s.emulator.setNotifyUrl('Sandbox', 'https://example.com/sbx');
    const v1 = json(await cli(['urls', 'set', ...asc(), '--version', 'V1', '--yes', '--json']));
    expect(v1.after).toEqual({ production: { url: 'https://example.com/asn', version: 'V1' }, sandbox: { url: 'https://example.com/sbx', version: 'V1' } });
    const shown = json(await cli(['urls', ...asc(), '--json']));
    expect(shown.checks.filter((c: { id: string }) => c.id === 'urls.version-v1')).toHaveLength(2);
    const cleared = json(await cli(['urls', 'set', ...asc(), '--clear-sandbox', '--yes', '--json']));
    expect(cleared.after.sandbox.url).toBeNull();
    expect(cleared.changes).toEqual([{ environment: 'sandbox', attribute: 'subscriptionStatusUrlForSandbox', before: 'https://example.com/sbx', after: null }]);
  });

  it.each([
    ['http', 'http://example.com/asn', /http:\/\/ URL: Apple only delivers to https/],
    ['port 80', 'https://example.com:80/asn', /port 80: Apple only delivers to port 443/],
    ['credentials', 'https://user:pw@example.com/asn', /carries a user name or password/],
    ['a loopback address without --allow-private', 'https://127.0.0.1:8443/asn', /127\.0\.0\.1 is a loopback address: Apple cannot reach it/],
    ['not a URL', 'example.com/asn', /not a URL/],
  ])('refuses %s before any request: exit 2, nothing written', async (_name, url, message) => {
    const r = await cli(['urls', 'set', ...asc(), '--production', url, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('nothing was written');
    expect((await readUrls()).production.url).toBeNull();
  });

  it('without a terminal it needs --yes (exit 2, nothing written)', async () => {
    const r = await cli(['urls', 'set', ...asc(), '--production', 'https://example.com/asn', '--json']);
    expect(r.code).toBe(2);
    expect(json(r).error.code).toBe('urls.set.needs-yes');
    expect((await readUrls()).production.url).toBeNull();
  });

  it('--check runs check-url and refuses a URL Apple could not deliver to (exit 1); --force writes it', async () => {
    // A receiver whose certificate nobody trusts: without --ca, TLS_ISSUE.
    const refused = await cli(['urls', 'set', ...asc(), '--production', s.receiverUrl, '--allow-private', '--check', '--yes', '--json']);
    expect(refused.code).toBe(1);
    expect(json(refused)).toMatchObject({ ok: false, mode: 'refused' });
    expect(json(refused).checks.find((c: { id: string }) => c.id === 'urls.set.check-refused')).toMatchObject({ data: { verdict: 'not-deliverable', predictedResult: 'TLS_ISSUE' } });
    expect((await readUrls()).production.url).toBeNull();

    const trusted = await cli(['urls', 'set', ...asc(), '--production', s.receiverUrl, '--allow-private', '--check', '--ca', s.listener.caPath!, '--yes', '--json']);
    expect(json(trusted)).toMatchObject({ ok: true, mode: 'written' });
    s.emulator.setNotifyUrl('Production', undefined);
    const forced = await cli(['urls', 'set', ...asc(), '--production', s.receiverUrl, '--allow-private', '--check', '--force', '--yes', '--json']);
    expect(json(forced)).toMatchObject({ ok: true, mode: 'written' });
    expect(json(forced).checks.map((c: { id: string }) => c.id)).toContain('urls.set.check-forced');
  });

  it('a read-only role: 403 FORBIDDEN_ERROR, exit 1, nothing written', async () => {
    s.emulator.setAscReadOnly(true);
    const r = await cli(['urls', 'set', ...asc(), '--production', 'https://example.com/asn', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: App Store Connect answered 403 FORBIDDEN_ERROR: this key may not change this app's settings (The API key in use does not allow this request)");
    expect(r.stderr).toContain('Nothing was changed. Use a team key with the Admin or App Manager role');
    s.emulator.setAscReadOnly(false);
    expect((await readUrls()).production.url).toBeNull();
  });

  it('a network failure mid-PATCH: the read back says whether the change took effect', async () => {
    // The change is made, the answer lost: written, with a warning (exit 0).
    s.emulator.setAscFault('patch', { kind: 'reset-after', remaining: 1 });
    const took = await cli(['urls', 'set', ...asc(), '--production', 'https://example.com/took', '--yes', '--json']);
    expect(took.code).toBe(0);
    expect(json(took).checks.find((c: { id: string }) => c.id === 'urls.set.applied-after-failure')).toMatchObject({ status: 'warn' });
    expect((await readUrls()).production.url).toBe('https://example.com/took');

    // Dropped before it was made: nothing changed (exit 3), and it says so.
    s.emulator.setAscFault('patch', { kind: 'reset', remaining: 1 });
    const lost = await cli(['urls', 'set', ...asc(), '--production', 'https://example.com/lost', '--yes']);
    expect(lost.code).toBe(3);
    expect(lost.stderr).toMatch(/^error: the change got no answer \(.*\), and reading the app back shows the old settings: nothing changed/);
    expect((await readUrls()).production.url).toBe('https://example.com/took');

    // No answer and no read back: not known (exit 3).
    s.emulator.setAscFault('patch', { kind: 'reset', remaining: 1 });
    s.emulator.setAscFault('get', { kind: 'hang', remaining: 1 });
    const unknown = await cli(['urls', 'set', ...asc(), '--timeout', '1', '--production', 'https://example.com/unknown', '--yes', '--json']);
    expect(unknown.code).toBe(3);
    expect(json(unknown).error).toMatchObject({ code: 'urls.set.unknown', message: expect.stringContaining('whether it took effect is not known') });
  });
});

describe('urls check', () => {
  it('check-url on what App Store Connect has, once for a shared URL; --send per environment', async () => {
    s.emulator.setNotifyUrl('Production', s.receiverUrl);
    s.emulator.setNotifyUrl('Sandbox', s.receiverUrl);
    const r = await cli(['urls', 'check', ...asc(), ...iap(), '--ca', s.listener.caPath!, '--allow-private', '--send', '--wait', '10', '--json']);
    const doc = json(r);
    expect(doc.checks.filter((c: { status: string }) => c.status === 'fail')).toEqual([]);
    expect(r.code).toBe(0);
    expect(doc.production).toMatchObject({ url: s.receiverUrl, verdict: 'deliverable', predictedResult: 'SUCCESS' });
    expect(doc.sandbox).toMatchObject({ url: s.receiverUrl, verdict: 'deliverable' });
    const ids = doc.checks.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['urls.check.same-url', 'doctor.send.ok']));
    expect(doc.checks.filter((c: { id: string }) => c.id === 'doctor.send.ok').map((c: { title: string }) => c.title)).toEqual([
      'production TEST notification delivered: SUCCESS',
      'sandbox TEST notification delivered: SUCCESS',
    ]);
    expect(doc.checks.find((c: { id: string; title: string }) => c.id === 'doctor.url.warn')?.title).toContain('(App Store Connect)');
  });

  it('no URL: exit 1', async () => {
    const r = await cli(['urls', 'check', ...asc(), '--json']);
    expect(r.code).toBe(1);
    expect(json(r).ok).toBe(false);
  });
});

describe('secrets', () => {
  it('no private key and no full token in any output, --debug included', async () => {
    s.emulator.setNotifyUrl('Production', 'https://example.com/asn');
    await cli(['urls', ...asc(), '--debug']);
    await cli(['urls', 'set', ...asc(), '--production', 'https://example.com/other', '--yes', '--debug', '--json']);
    s.emulator.setAscReadOnly(true);
    await cli(['urls', 'set', ...asc(), '--production', 'https://example.com/third', '--yes', '--debug']);
    const keys = [s.emulator.ascPrivateKeyPath, s.emulator.privateKeyPath!].map((p) => pemBody(readFileSync(p, 'utf8')));
    for (const r of outputs) {
      const text = r.stdout + r.stderr;
      for (const k of keys) expect(text).not.toContain(k.slice(0, 32));
      expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/);
    }
    expect(outputs.some((r) => r.stderr.includes('debug: → PATCH'))).toBe(true);
  });
});

describe('which app', () => {
  it('an unknown bundle ID: exit 2; one that only starts like an app’s is not that app', async () => {
    const r = await cli(['urls', ...asc(), '--bundle-id', 'com.example.asnd']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: App Store Connect has no app with bundle ID com.example.asnd that this key can see; it matched only asn-doctor emulated app (com.example.asndoctor');
  });

  it('two apps with one bundle ID: exit 2 naming both; --app-apple-id picks one', async () => {
    // A bundle ID of their own: the emulated app's stays unambiguous for the other tests, whatever the order.
    const bundleId = 'com.example.twins';
    const twin = s.emulator.addAscApp({ bundleId, name: 'Twin' });
    s.emulator.addAscApp({ bundleId, name: 'Other twin' });
    s.emulator.addAscApp({ bundleId: `${bundleId}.widget`, name: 'Widget' });
    const r = await cli(['urls', ...asc(), '--bundle-id', bundleId, '--json']);
    expect(r.code).toBe(2);
    expect(json(r).error).toMatchObject({ code: 'urls.app.ambiguous', message: expect.stringContaining(`2 apps have bundle ID ${bundleId}`) });
    const picked = json(await cli(['urls', ...asc(), '--bundle-id', bundleId, '--app-apple-id', twin.id, '--json']));
    expect(picked.app).toEqual({ id: twin.id, name: 'Twin', bundleId });
    const wrong = await cli(['urls', ...asc(), '--bundle-id', bundleId, '--app-apple-id', '999999', '--json']);
    expect([wrong.code, json(wrong).error.code]).toEqual([2, 'urls.app.unknown-app-id']);
  });

  it('the In-App Purchase key as the App Store Connect key: exit 2 before any request', async () => {
    const e = s.emulator;
    const r = await cli(['urls', '--asc-url', e.ascUrl, '--asc-key', e.privateKeyPath!, '--asc-key-id', e.keyId, '--key-id', e.keyId, '--bundle-id', e.bundleId]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: the App Store Connect API key (--asc-key-id) is the In-App Purchase key (--key-id)');
    // Signed by the In-App Purchase key, App Store Connect (the emulator) answers 401 NOT_AUTHORIZED.
    const forced = await cli(['urls', '--asc-url', e.ascUrl, '--asc-key', e.privateKeyPath!, '--asc-key-id', e.keyId, '--bundle-id', e.bundleId, '--json']);
    expect(forced.code).toBe(1);
    expect(json(forced).error.code).toBe('asc.http.401');
  });
});
