// replay as a process, where the process is the point: the outage rehearsal (the emulator's deliveries
// fail, then `replay --only-failures` into a `listen` receiver), a run stopped by Ctrl-C or killed and
// then resumed from its state file, and the question and progress line on a real terminal (tmux).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cleanEnv, runCli } from '../helpers/run-cli.js';
import { runInProcess } from '../helpers/in-process-cli.js';
import { TmuxShell, tmuxAvailable } from '../helpers/tmux.js';
import { TempDir } from '../auth/helpers/keys.js';
import { deadUrl, startReceiver, startTestEmulator, type TestEmulator } from '../api/helpers.js';
import { control } from '../emulator/helpers.js';
import { handler, historyLines, notary, uuidOf, writeLines, type Handler, type Notary } from './helpers.js';
import { AT_ONCE_MS } from '../helpers/at-once.js';

const dir = new TempDir();
let n: Notary;
beforeAll(async () => {
  n = await notary(dir.path);
});
afterAll(() => dir.remove());

/** `listen --json` as a process: its URL, and every request record it prints. */
async function listenProcess(args: string[]): Promise<{ url: string; records: Record<string, any>[]; child: ChildProcessWithoutNullStreams; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [CLI, 'listen', '--port', '0', '--json', ...args], { env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  const records: Record<string, any>[] = [];
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`listen exited with ${code}`)));
    lines.on('line', (l) => {
      const rec = JSON.parse(l) as Record<string, any>;
      if (rec.event === 'listening') resolve(rec.url as string);
      else records.push(rec);
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    url,
    records,
    child,
    stop: () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the outage rehearsal: deliveries fail, then replay --only-failures into listen', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(() => t?.close());

  it('every missed notification arrives exactly once, oldest first, and verifies; a second run sends nothing', async () => {
    const ok = await startReceiver(200);
    const down = await deadUrl();
    const missed: string[] = [];
    // The handler was down for some notifications (nothing listened: SOCKET_ISSUE in history), up for others.
    for (let i = 0; i < 7; i += 1) {
      const to = i % 3 === 1 ? ok.url : down;
      const res = await control(t.emu, 'trigger', { body: { notificationType: i % 2 ? 'DID_RENEW' : 'SUBSCRIBED', ...(i % 2 ? {} : { subtype: 'INITIAL_BUY' }), environment: 'Sandbox', to } });
      const sent = (await res.json()) as { notificationUUID: string };
      if (to === down) missed.push(sent.notificationUUID);
    }
    await ok.close();
    const saved = join(dir.path, 'received');
    const listen = await listenProcess(['--root', t.emu.rootCaPath, '--save', saved]);
    const api = t.args('sandbox').filter((a, i, all) => a !== '--root' && all[i - 1] !== '--root');
    const state = join(dir.path, 'rehearsal-state.json');
    try {
      const replay = await runCli(['replay', ...api, '--only-failures', '--to', `${listen.url}apple/notifications`, '--yes', '--state', state, '--json']);
      expect(replay.code, replay.stdout + replay.stderr).toBe(0);
      await until('listen to show every notification', () => listen.records.length >= missed.length);
      expect(listen.records.map((r) => r.notification?.notificationUUID)).toEqual(missed);
      for (const r of listen.records) {
        expect(r).toMatchObject({ ok: true, kind: 'notification', path: '/apple/notifications', notification: { verified: true } });
        expect(r.saved).toMatch(/\.json$/);
      }
      const summary = JSON.parse(replay.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
      expect(summary).toMatchObject({ kind: 'summary', ok: true, found: missed.length, delivered: missed.length, failed: 0 });

      // Run again (in-process: the process was the point above): the state file says everything was delivered.
      const again = await runInProcess(['replay', ...api, '--only-failures', '--to', `${listen.url}apple/notifications`, '--yes', '--state', state]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(`Nothing to replay: all ${missed.length} were delivered before`);

      // What listen kept replays offline, in the same order.
      expect(readdirSync(saved)).toHaveLength(missed.length);
      const dry = await runInProcess(['replay', '--from', saved, '--dry-run', '--json']);
      expect(dry.code).toBe(0);
      const planned = dry.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>).filter((r) => r.kind === 'planned');
      expect(planned.map((p) => p.notificationUUID)).toEqual(missed);
      expect(listen.records).toHaveLength(missed.length);
    } finally {
      expect(await listen.stop()).toBe(130);
    }
  }, 40_000);
});

describe('an interrupted run resumes from its state file', () => {
  for (const signal of ['SIGINT', 'SIGKILL'] as const) {
    it(`${signal} while a notification is in flight: the state file is whole, and the resumed run repeats only that one`, async () => {
      const items = Array.from({ length: 6 }, (_, i) => n.sign({ signedDate: Date.now() - 60_000 + i * 1000 }));
      const file = writeLines(join(dir.path, `interrupted-${signal}.ndjson`), historyLines(items));
      const state = join(dir.path, `interrupted-${signal}.json`);
      let holdThird = true;
      const h: Handler = await handler((i, res) => {
        if (i === 3 && holdThird) return; // the handler hangs on the third
        res.writeHead(200).end();
      });
      try {
        const child = spawn(process.execPath, [CLI, 'replay', '--from', file, '--to', h.url, '--yes', '--state', state], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        const exited = new Promise<number | null>((resolve) => child.on('close', (code, sig) => resolve(code ?? (sig === 'SIGKILL' ? -9 : null))));
        await until('the third notification to arrive', () => h.bodies.length === 3);
        const started = performance.now();
        child.kill(signal);
        const code = await exited;
        if (signal === 'SIGINT') {
          expect(code).toBe(130);
          expect(performance.now() - started).toBeLessThan(AT_ONCE_MS);
          expect(stderr).toContain('Interrupted: 2 answered and recorded in');
          expect(stderr).toMatch(/error: interrupted/);
        } else {
          expect(code).toBe(-9);
        }
        const recorded = JSON.parse(readFileSync(state, 'utf8')) as { notifications: Record<string, { result: string }> };
        expect(Object.keys(recorded.notifications)).toEqual(items.slice(0, 2).map((s) => s.uuid));
        expect(readdirSync(dir.path).filter((f) => f.startsWith(`.interrupted-${signal}.json`))).toEqual([]);

        holdThird = false;
        const resumed = await runCli(['replay', '--from', file, '--to', h.url, '--yes', '--state', state]);
        expect(resumed.code, resumed.stderr).toBe(0);
        expect(resumed.stdout).toContain('2 already delivered according to');
        expect(resumed.stdout).toContain('4 of 4 delivered, 0 failed');
        // Everything arrived, in order; only the one in flight at the interrupt arrived twice.
        const arrived = h.bodies.map(uuidOf);
        expect(arrived).toEqual([...items.slice(0, 3), ...items.slice(2)].map((s) => s.uuid));
      } finally {
        await h.close();
      }
    }, 20_000);
  }
});

describe.skipIf(!tmuxAvailable())('on a terminal (tmux)', () => {
  let shell: TmuxShell;
  let h: Handler;
  let file: string;
  beforeAll(async () => {
    file = writeLines(join(dir.path, 'terminal.ndjson'), historyLines(Array.from({ length: 8 }, (_, i) => n.sign({ signedDate: Date.now() - 60_000 + i }))));
    h = await handler((_i, res) => setTimeout(() => res.writeHead(200).end(), 150));
    shell = new TmuxShell({ cwd: dir.path, env: cleanEnv({ CI: undefined, TERM: 'xterm-256color' }), width: 120 });
  });
  afterAll(async () => {
    shell?.close();
    await h?.close();
  });

  it('asks before sending; "n" sends nothing, "y" sends with a progress line that is gone at the end', async () => {
    await shell.waitFor(/^\$\s*$/m);
    shell.type(`node ${CLI} replay --from ${file} --to ${h.url}; echo EXIT=$?`);
    await shell.waitFor(/Send 8 notifications to http:\/\/127\.0\.0\.1:\d+\/asn\?/);
    shell.type('n');
    const declined = await shell.waitFor(/EXIT=\d+/);
    expect(declined.screen).toMatch(/Nothing sent\.\s+EXIT=0/);
    expect(h.bodies).toHaveLength(0);

    shell.clear();
    await shell.waitFor(/^\$\s*$/m);
    shell.type(`node ${CLI} replay --from ${file} --to ${h.url}; echo EXIT=$?`);
    await shell.waitFor(/Send 8 notifications/);
    shell.type('y');
    const progress = await shell.waitFor(/\[#+-*\] \d+\/8 sent · [\d.]+\/s · 0 failed/);
    expect(progress.screen).toMatch(/must be idempotent/);
    const done = await shell.waitFor(/EXIT=\d+/);
    expect(done.screen).toMatch(/8 of 8 delivered, 0 failed\s+EXIT=0/);
    expect(done.screen).not.toMatch(/\d+\/8 sent/);
    expect(h.bodies).toHaveLength(8);
  }, 30_000);
});
