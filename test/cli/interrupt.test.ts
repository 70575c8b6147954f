// Ctrl-C as a person meets it: a shell on a real terminal (tmux), a command showing its spinner while a
// server never answers, then Ctrl-C. The command must end at once with 130, the spinner line cleared,
// the cursor shown and the terminal back in cooked mode. SIGTERM from a supervisor ends it with 143.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cleanEnv } from '../helpers/run-cli.js';
import { TmuxShell, tmuxAvailable } from '../helpers/tmux.js';
import { AT_ONCE_MS } from '../helpers/at-once.js';

/** Accepts connections and never says a word: no TLS hello, no HTTP status. */
async function silentServer(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server: Server = createServer((s) => {
    count += 1;
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    port,
    connections: () => count,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
let dir: string;
let silent: Awaited<ReturnType<typeof silentServer>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'asn-interrupt-'));
  silent = await silentServer();
});
afterAll(async () => {
  await silent.close();
  rmSync(dir, { recursive: true, force: true });
});

function commands(port: number): [string, string[], RegExp][] {
  const url = `https://127.0.0.1:${port}/asn`;
  return [
    ['check-url', ['check-url', url, '--allow-private', '--timeout', '30'], /checking https/],
    ['trigger', ['trigger', 'TEST', '--to', `http://127.0.0.1:${port}/asn`, '--timeout', '30', '--state-dir', join(dir, 'emulator')], /Delivering TEST/],
    ['doctor', ['doctor', '--production-url', url, '--allow-private', '--timeout', '30'], /Checking/],
  ];
}

describe.skipIf(!tmuxAvailable())('Ctrl-C in a shell on a terminal (tmux)', () => {
  let shell: TmuxShell;
  beforeAll(() => {
    // No CI variable: spinners show only on an interactive terminal outside CI, and that is the case under test.
    shell = new TmuxShell({ cwd: dir, env: cleanEnv({ CI: undefined, XDG_CONFIG_HOME: join(dir, 'xdg'), TERM: 'xterm-256color' }) });
  });
  afterAll(() => shell.close());

  for (const name of ['check-url', 'trigger', 'doctor']) {
    it(`${name}: exits 130 within moments of Ctrl-C, spinner cleared, cursor shown, terminal in cooked mode`, async () => {
      const [, realArgs, busy] = commands(silent.port).find((c) => c[0] === name)!;
      shell.clear();
      await shell.waitFor(/^\$\s*$/m);
      const before = silent.connections();
      shell.type(`node ${CLI} ${realArgs.join(' ')}; echo EXIT=$?`);
      // The command is in its network wait with the spinner on screen.
      await shell.waitFor(busy);
      const started = performance.now();
      while (silent.connections() === before && performance.now() - started < 15_000) await new Promise((r) => setTimeout(r, 25));
      const spinning = await shell.waitFor(SPINNER);
      expect(spinning.screen).toMatch(busy);

      shell.key('C-c');
      const { screen, ms } = await shell.waitFor(/EXIT=\d+/, 10_000);
      expect(screen).toMatch(/EXIT=130/);
      // Before the fix the spinner kept the terminal raw, ^C never became SIGINT, and the command ran on for 30 s.
      expect(ms).toBeLessThan(AT_ONCE_MS);
      const after = screen.slice(screen.indexOf('EXIT=') - 200);
      expect(after).not.toMatch(SPINNER);
      expect(screen).toMatch(/error: interrupted/);
      expect(shell.cursorVisible()).toBe(true);

      shell.type('stty -a; echo STTY-DONE');
      const stty = (await shell.waitFor(/STTY-DONE\s*\n\$/)).screen;
      expect(stty).toMatch(/(^|\s)icanon(\s|$)/m);
      expect(stty).toMatch(/(^|\s)echo(\s|$)/m);
    }, 40_000);
  }
});

describe('signals from outside (no terminal)', () => {
  async function stopWith(signal: 'SIGTERM' | 'SIGINT'): Promise<{ code: number | null; stderr: string; ms: number }> {
    const before = silent.connections();
    const child = spawn(process.execPath, [CLI, 'check-url', `https://127.0.0.1:${silent.port}/asn`, '--allow-private', '--timeout', '30'], {
      env: cleanEnv({ XDG_CONFIG_HOME: join(dir, 'xdg') }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const deadline = performance.now() + 15_000;
    while (silent.connections() === before && performance.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const started = performance.now();
    child.kill(signal);
    const code = await exited;
    return { code, stderr, ms: performance.now() - started };
  }

  it('SIGTERM ends a command that is waiting on the network with 143', async () => {
    const r = await stopWith('SIGTERM');
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).toMatch(/error: interrupted/);
    expect(r.ms).toBeLessThan(AT_ONCE_MS);
  });

  it('SIGINT ends it with 130', async () => {
    const r = await stopWith('SIGINT');
    expect(r.code, r.stderr).toBe(130);
    expect(r.ms).toBeLessThan(AT_ONCE_MS);
  });
});
