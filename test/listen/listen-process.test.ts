// `listen` as a real process: NDJSON on stdout, notifications from the emulator verified with --root,
// and Ctrl-C (SIGINT) stops it cleanly: exit 130, port closed.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cleanEnv, runCli } from '../helpers/run-cli.js';
import { runInProcess } from '../helpers/in-process-cli.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ensureLocalCa } from '../../src/listen/index.js';
import { triggerThroughEmulator } from '../../src/emulator/control-client.js';

let dir: string;
let emulator: RunningEmulator;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'asn-listen-proc-'));
  const ca = await ensureLocalCa(join(dir, 'listen'));
  emulator = await startEmulator({ stateDir: join(dir, 'emulator'), ca: [ca.caPem], deliveryTimeoutMs: 3000 });
});
afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });
}

describe('asn-doctor listen (process)', () => {
  it('streams one JSON record per notification (emulator and trigger) and stops cleanly on SIGINT', async () => {
    const child = spawn(process.execPath, [CLI, 'listen', '--json', '--port', '0', '--tls', '--state-dir', join(dir, 'listen'), '--root', emulator.rootCaPath], {
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async () => JSON.parse(String((await lines.next()).value)) as Record<string, unknown>;
    try {
      const started = await next();
      expect(started).toMatchObject({ ok: true, event: 'listening' });
      const url = String(started.url);
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
      expect(await readFile(String(started.caPath), 'utf8')).toContain('BEGIN CERTIFICATE');

      for (const [type, subtype] of [['TEST', undefined], ['DID_CHANGE_RENEWAL_STATUS', 'AUTO_RENEW_DISABLED']] as const) {
        const sent = await triggerThroughEmulator(emulator.baseUrl, { notificationType: type, to: url, ...(subtype ? { subtype } : {}) }, { secret: emulator.controlSecret });
        expect(sent.post.result).toBe('SUCCESS');
        const rec = await next();
        expect(rec).toMatchObject({ ok: true, event: 'request', kind: 'notification', status: 200 });
        expect(rec.notification).toMatchObject({ verified: true, appleRoot: false, notificationType: type, notificationUUID: sent.notificationUUID });
        // The raw signedPayload, exactly as received, ready for `decode`.
        expect(rec.signedPayload).toBe(sent.signedPayload);
      }

      // The trigger command itself, as a second process, trusting the listener's CA.
      for (const [type, subtype] of [['REFUND', undefined], ['EXPIRED', 'VOLUNTARY']] as const) {
        const t = await runCli(['trigger', type, ...(subtype ? ['--subtype', subtype] : []), '--to', url, '--ca', String(started.caPath), '--state-dir', join(dir, 'emulator'), '--json']);
        expect(t.code).toBe(0);
        const sent = JSON.parse(t.stdout) as { result: string; notificationUUID: string };
        expect(sent.result).toBe('SUCCESS');
        const rec = await next();
        expect(rec.notification).toMatchObject({ verified: true, notificationType: type, notificationUUID: sent.notificationUUID, ...(subtype ? { subtype } : {}) });
      }

      const port = Number(new URL(url).port);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(await refused(port)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('--verbose shows each signedPayload as received, control characters escaped', async () => {
    const child = spawn(process.execPath, [CLI, 'listen', '--verbose', '--port', '0', '--root', emulator.rootCaPath], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const until = async (pattern: RegExp) => {
      for (let i = 0; i < 500 && !pattern.test(out); i++) await new Promise((r) => setTimeout(r, 10));
      return pattern.exec(out);
    };
    try {
      const url = (await until(/Listening on (http:\/\/\S+)/))![1]!;
      const sent = await triggerThroughEmulator(emulator.baseUrl, { notificationType: 'TEST', to: url }, { secret: emulator.controlSecret });
      expect(sent.post.result).toBe('SUCCESS');
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ signedPayload: 'not\u001b[2Ja\u202ejws' }) });
      await until(/not\\e/);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(out).toContain(`signedPayload: ${sent.signedPayload}\n`);
      expect(out).toContain('signedPayload: not\\e[2Ja\\u202ejws\n');
      expect(out).not.toMatch(/\u001b|\u202e/);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses a bad option with exit 2 and a fix (the command in-process)', async () => {
    const low = await runInProcess(['listen', '--respond', '99']);
    const informational = await runInProcess(['listen', '--respond', '101']);
    expect(low.code).toBe(2);
    expect(low.stderr).toMatch(/^error: --respond must be a whole number from 200 to 599, not 99\n  fix: /);
    expect(informational.code).toBe(2);
    expect(informational.stderr).toContain('--respond must be a whole number from 200 to 599, not 101');
  });
});
