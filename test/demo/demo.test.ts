// `demo` as a user runs it after cloning: a real process, exit 0, every step shown, and afterwards
// nothing left: the process is gone, its ports refuse connections, its temporary files are removed.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cleanEnv, runCli } from '../helpers/run-cli.js';
import { existsSync } from 'node:fs';
import { openDemoSession } from '../../src/demo/session.js';

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

describe('asn-doctor demo (process)', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'asn-demo-e2e-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('runs every step, exits 0 and leaves no port or file behind', async () => {
    const r = await runCli(['demo'], { env: { TMPDIR: tmp, XDG_CONFIG_HOME: tmp }, timeoutMs: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const heading of ['urls set: register the receiver', 'check-url', 'token:', 'send-test:', 'arrives at the receiver', 'decode:', 'trigger:', 'history:', 'What to run against Apple next']) {
      expect(r.stdout).toContain(heading);
    }
    expect(r.stdout).toMatch(/SUCCESS: the server answered/);
    expect(r.stdout).toMatch(/SUBSCRIBED\/INITIAL_BUY/);
    expect(r.stdout).toMatch(/DID_RENEW/);
    expect(r.stdout).toMatch(/Apple would record: SUCCESS/);

    const ports = [...r.stdout.matchAll(/https?:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
    expect(ports.length).toBeGreaterThanOrEqual(2);
    for (const port of new Set(ports)) expect(await refused(port)).toBe(true);
    expect(await readdir(tmp)).toEqual([]);
  });

  it('gives one JSON document with every step under --json', async () => {
    const r = await runCli(['demo', '--json'], { env: { TMPDIR: tmp, XDG_CONFIG_HOME: tmp }, timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; steps: { step: string }[] };
    expect(doc.ok).toBe(true);
    expect(doc.steps.map((s) => s.step)).toEqual(['setup', 'urls', 'check-url', 'token', 'send-test', 'arrival', 'decode', 'trigger', 'history']);
    expect(await readdir(tmp)).toEqual([]);
  });

  it('Ctrl-C mid-way: exit 130, says it was interrupted (not a failure to report), leaves nothing behind', async () => {
    const child = spawn(process.execPath, [CLI, 'demo'], { env: cleanEnv({ TMPDIR: tmp, XDG_CONFIG_HOME: tmp }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      // Interrupt once the receiver is up, before the demo can finish.
      if (/^1\. /m.test(stdout) && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stdout).not.toContain('did not go as expected');
    expect(stdout).not.toContain('Demo finished');
    expect(stdout).toMatch(/Demo interrupted during "[a-z-]+"/);
    expect(await readdir(tmp)).toEqual([]);
  });
});

describe('demo interrupted while it starts', () => {
  // Ctrl-C at moments through start-up: while its modules load, as its folder is made, while the
  // emulator and receiver make their keys. Either the signal came before Node's handlers (the process
  // dies of it) or the demo ends with 130; either way nothing is left in the temporary folder.
  it('Ctrl-C at any moment of start-up: exit 130 (or killed before the handlers exist), and no folder left', async () => {
    const own = await mkdtemp(join(tmpdir(), 'asn-demo-start-'));
    try {
      for (const delayMs of [150, 250, 350, 450, 550, 700]) {
        const child = spawn(process.execPath, [CLI, 'demo'], { env: cleanEnv({ TMPDIR: own, XDG_CONFIG_HOME: own }), stdio: ['ignore', 'pipe', 'pipe'] });
        const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
        await new Promise((r) => setTimeout(r, delayMs));
        child.kill('SIGINT');
        const { code, signal } = await closed;
        if (signal === null) expect(code, `Ctrl-C after ${delayMs} ms`).toBe(130);
        else expect(signal).toBe('SIGINT');
        expect(await readdir(own), `Ctrl-C after ${delayMs} ms`).toEqual([]);
      }
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the demo session', () => {
  it('close() called twice (Ctrl-C clean-up and the command\'s finally): both wait until the folder is gone', async () => {
    const session = await openDemoSession();
    const first = session.close();
    await session.close();
    expect(existsSync(session.dir)).toBe(false);
    await first;
  });

  it('Ctrl-C while it is still opening: the clean-up it was handed at once removes the folder and stops what started', async () => {
    let close: (() => Promise<void>) | undefined;
    const opening = openDemoSession({ onCleanup: (fn) => (close = fn) });
    // The folder exists and the emulator is starting: Ctrl-C now runs the clean-ups it has.
    while (!close) await new Promise((r) => setTimeout(r, 1));
    const closed = close();
    const session = await opening;
    await closed;
    expect(existsSync(session.dir)).toBe(false);
    // Its servers are stopped too: nothing answers on the emulator's port.
    const port = Number(new URL(session.emulator.baseUrl).port);
    const refused = await new Promise<boolean>((resolve) => {
      const sock = connect(port, '127.0.0.1');
      sock.once('connect', () => (sock.destroy(), resolve(false)));
      sock.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});
