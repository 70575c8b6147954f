// The emulator and trigger as real processes (built CLI), all on 127.0.0.1.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSignedData } from '../../src/jws/index.js';
import { CLI, cleanEnv, runCli } from '../helpers/run-cli.js';
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

describe('emulator + trigger processes', () => {
  it('prints one JSON line first with what a client needs', () => {
    expect(info).toMatchObject({
      ok: true,
      baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      issuerId: expect.any(String),
      keyId: expect.stringMatching(/^[A-Z0-9]{10}$/),
      bundleId: expect.any(String),
      privateKeyPath: expect.stringContaining(tmp.dir),
      rootCaPath: expect.stringContaining(tmp.dir),
    });
    expect(readFileSync(info.rootCaPath, 'utf8')).toContain('BEGIN CERTIFICATE');
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

  it('trigger --via goes through the emulator, which records it in its notification history', async () => {
    const r = await runCli(['trigger', 'REFUND', '--via', info.baseUrl, '--environment', 'production', '--json']);
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
    expect(later.some((e) => e.event === 'attempt' && e.notificationUUID === doc.notificationUUID && e.result === 'SUCCESS')).toBe(true);
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

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(130);
    await expect(fetch(`${info.baseUrl}/_emulator/info`)).rejects.toThrow();
  });
});
