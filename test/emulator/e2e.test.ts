// The emulator as a real process (built CLI), all on 127.0.0.1: its first stdout line, its NDJSON
// records, Ctrl-C and SIGTERM. trigger runs in-process against it (test/helpers/in-process-cli.ts: the
// real argument parser, command and top-level handler), talking to the emulator process over HTTP.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { KeyUsage, issueCertificate } from '../../src/pki/issue.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSignedData } from '../../src/jws/index.js';
import { CLI, cleanEnv } from '../helpers/run-cli.js';
import { runInProcess as runCli } from '../helpers/in-process-cli.js';
import { apiToken, startReceiver, tempDir, type Receiver } from './helpers.js';

interface Info {
  ok: boolean;
  baseUrl: string;
  sandboxBaseUrl: string;
  issuerId: string;
  keyId: string;
  bundleId: string;
  privateKeyPath: string;
  rootCaPath: string;
  controlSecret: string;
  controlSecretPath: string;
}

const tmp = tempDir();
let rx: Receiver;
let child: ChildProcessWithoutNullStreams;
let info: Info;
const later: Record<string, unknown>[] = [];

beforeAll(async () => {
  rx = await startReceiver();
  child = spawn(process.execPath, [CLI, 'emulator', '--json', '--port', '0', '--state-dir', tmp.dir, '--notify-url', rx.url, '--time-scale', '3600000'], {
    env: cleanEnv(),
  });
  const lines = createInterface({ input: child.stdout });
  info = await new Promise<Info>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`emulator exited early with ${String(code)}`)));
    lines.once('line', (l) => resolve(JSON.parse(l) as Info));
  });
  lines.on('line', (l) => later.push(JSON.parse(l) as Record<string, unknown>));
});

afterAll(async () => {
  if (child.exitCode === null) {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
  await rx.close();
  tmp.remove();
});

/** The first NDJSON record after the first line that matches, waiting up to 2 s for it to be read. */
async function laterRecord(match: (e: Record<string, unknown>) => boolean): Promise<Record<string, unknown> | undefined> {
  for (let i = 0; i < 200; i++) {
    const found = later.find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 10));
  }
  return undefined;
}

// In the order written, even under --sequence.shuffle: the last test stops the one emulator process.
describe('emulator process + trigger', { shuffle: false }, () => {
  it('prints one JSON line first with what a client needs', () => {
    expect(info).toMatchObject({
      ok: true,
      baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      issuerId: expect.any(String),
      keyId: expect.stringMatching(/^[A-Z0-9]{10}$/),
      bundleId: expect.any(String),
      privateKeyPath: expect.stringContaining(tmp.dir),
      rootCaPath: expect.stringContaining(tmp.dir),
      controlSecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      controlSecretPath: expect.stringContaining(tmp.dir),
    });
    expect(readFileSync(info.rootCaPath, 'utf8')).toContain('BEGIN CERTIFICATE');
    expect(readFileSync(info.controlSecretPath, 'utf8').trim()).toBe(info.controlSecret);
  });

  it('trigger --to delivers directly and reports result, status, UUID and root (--json)', async () => {
    const r = await runCli(['trigger', 'EXPIRED', '--subtype', 'VOLUNTARY', '--to', rx.url, '--state-dir', tmp.dir, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ ok: true, result: 'SUCCESS', status: 200, notificationUUID: expect.any(String), rootCaPath: info.rootCaPath });
    expect(r.stderr).toMatch(/Apple never would/);
    const body = JSON.parse(rx.bodies.at(-1)!) as { signedPayload: string };
    const decoded = await decodeSignedData(body.signedPayload, { roots: [Buffer.from(new X509Certificate(readFileSync(info.rootCaPath)).raw)] });
    expect(decoded.verified).toBe(true);
    expect(decoded.payload).toMatchObject({ notificationType: 'EXPIRED', subtype: 'VOLUNTARY', notificationUUID: doc.notificationUUID });
  });

  it('trigger --via without the emulator’s state folder cannot find its control secret: exit 2, says why', async () => {
    const r = await runCli(['trigger', 'REFUND', '--via', info.baseUrl, '--env', 'production']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refused the request: This control request has no X-Emulator-Secret header/);
    expect(r.stderr).toMatch(/fix: .*--state-dir/);
    expect(await laterRecord((e) => e.event === 'refused')).toMatchObject({ ok: false, status: 401, path: '/_emulator/trigger' });
  });

  it('trigger --via goes through the emulator, which records it in its notification history', async () => {
    const r = await runCli(['trigger', 'REFUND', '--via', info.baseUrl, '--env', 'production', '--state-dir', tmp.dir, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ ok: true, result: 'SUCCESS', environment: 'Production', url: rx.url });
    const history = await fetch(`${info.baseUrl}/inApps/v1/notifications/history`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiToken(info)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ startDate: Date.now() - 60_000, endDate: Date.now(), notificationType: 'REFUND' }),
    });
    const items = ((await history.json()) as { notificationHistory: { signedPayload: string }[] }).notificationHistory;
    expect(items).toHaveLength(1);
    const payload = JSON.parse(Buffer.from(items[0]!.signedPayload.split('.')[1]!, 'base64url').toString()) as { notificationUUID: string };
    expect(payload.notificationUUID).toBe(doc.notificationUUID);
    // The emulator's stdout carries an NDJSON record of the attempt.
    // Like every JSON record, it carries ok.
    expect(later.some((e) => e.ok === true && e.event === 'attempt' && e.notificationUUID === doc.notificationUUID && e.result === 'SUCCESS')).toBe(true);
  });

  it('a rejected API call is an NDJSON record with ok false and the reason; the client sees a bare 401', async () => {
    const res = await fetch(`${info.baseUrl}/inApps/v1/notifications/test`, { method: 'POST', headers: { authorization: 'Bearer not.a.jwt' } });
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
    const rejected = await laterRecord((e) => e.event === 'rejected');
    expect(rejected).toMatchObject({ ok: false, event: 'rejected', status: 401, reason: expect.any(String) });
  });

  it('trigger reports a failed delivery with exit 1', async () => {
    const down = await startReceiver((_q, res) => {
      res.writeHead(404);
      res.end();
    });
    try {
      const r = await runCli(['trigger', 'TEST', '--to', down.url, '--state-dir', tmp.dir]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/UNSUCCESSFUL_HTTP_RESPONSE_CODE: the server answered 404/);
      expect(r.stdout).toMatch(/NOT by Apple/);
    } finally {
      await down.close();
    }
  });

  it('trigger --ca trusts a local HTTPS receiver; without it the attempt is TLS_ISSUE', async () => {
    const ca = await issueCertificate({ subject: 'CN=Receiver Test CA', ca: true, keyUsage: KeyUsage.keyCertSign });
    const leaf = await issueCertificate({ subject: 'CN=127.0.0.1', issuer: ca, san: { ip: ['127.0.0.1'] }, extKeyUsage: ['1.3.6.1.5.5.7.3.1'] });
    const caFile = join(tmp.dir, 'receiver-ca.pem');
    writeFileSync(caFile, ca.certPem);
    const server = createHttpsServer({ key: leaf.keyPem, cert: leaf.certPem }, (req, res) => {
      req.resume();
      res.writeHead(200);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/asn`;
    try {
      const trusted = await runCli(['trigger', 'DID_RENEW', '--to', url, '--ca', caFile, '--state-dir', tmp.dir, '--json']);
      expect(trusted.code).toBe(0);
      expect(JSON.parse(trusted.stdout)).toMatchObject({ result: 'SUCCESS', status: 200 });
      expect(trusted.stderr).not.toMatch(/Apple never would/);
      const untrusted = await runCli(['trigger', 'DID_RENEW', '--to', url, '--state-dir', tmp.dir, '--json']);
      expect(untrusted.code).toBe(1);
      expect(JSON.parse(untrusted.stdout)).toMatchObject({ ok: false, result: 'TLS_ISSUE' });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('trigger --print writes the body and sends nothing', async () => {
    const n = rx.bodies.length;
    const r = await runCli(['trigger', 'ONE_TIME_CHARGE', '--print', '--state-dir', tmp.dir]);
    expect(r.code).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout) as object)).toEqual(['signedPayload']);
    expect(rx.bodies.length).toBe(n);
  });

  it('trigger rejects an unknown pair with exit 2 listing the valid ones', async () => {
    const r = await runCli(['trigger', 'DID_RENEW', '--subtype', 'VOLUNTARY', '--to', rx.url, '--state-dir', tmp.dir, '--json']);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { ok: boolean; error: { code: string; fix: string } };
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe('emulator.bad-subtype');
    expect(doc.error.fix).toContain('BILLING_RECOVERY');
    const http = await runCli(['trigger', 'TEST', '--to', 'http://192.0.2.1/asn', '--state-dir', tmp.dir]);
    expect(http.code).toBe(2);
    expect(http.stderr).toMatch(/^error: .*plain http:\/\//);
  });

  it('emulator refuses a bad --fault with exit 2', async () => {
    const r = await runCli(['emulator', '--port', '0', '--state-dir', tmp.dir, '--fault', 'history=explode']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--fault history=explode/);
  });

  it('without --json prints what a client needs and says the payloads are not Apple’s; Ctrl-C stops it', async () => {
    const human = spawn(process.execPath, [CLI, 'emulator', '--port', '0', '--state-dir', tmp.dir], { env: cleanEnv() });
    let out = '';
    human.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    await new Promise<void>((resolve, reject) => {
      human.once('exit', () => reject(new Error(out)));
      human.stdout.on('data', () => out.includes('Ctrl-C') && resolve());
    });
    const exited = new Promise<number | null>((r) => human.once('exit', (code) => r(code)));
    human.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(out).toMatch(/NOT by Apple/);
    for (const v of [info.issuerId, info.keyId, info.bundleId, info.privateKeyPath, info.rootCaPath]) expect(out).toContain(v);
    expect(out).toMatch(/Sandbox API\s+http:\/\/127\.0\.0\.1:\d+\/sandbox/);
    // The secret's file is named; the secret itself is only in --json.
    expect(out).toMatch(/Control secret\s+\S+control-secret-\d+ \(header X-Emulator-Secret/);
  });

  it('stops cleanly on SIGTERM, with 143 (128 + SIGTERM)', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    await expect(fetch(`${info.baseUrl}/_emulator/info`)).rejects.toThrow();
  });
});
