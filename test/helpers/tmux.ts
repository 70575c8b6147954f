// A real terminal for tests that are about one: a shell inside tmux, driven the way a person drives it
// (type a line, press Enter, press Ctrl-C) and read back from the screen. A private tmux server per
// instance (-L), no user configuration (-f /dev/null), a bare bash without rc files.
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export function tmuxAvailable(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export class TmuxShell {
  private readonly socket = `asn-doctor-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(opts: { cwd: string; env: NodeJS.ProcessEnv; width?: number; height?: number }) {
    this.tmux(
      ['-f', '/dev/null', 'new-session', '-d', '-s', 'main', '-x', String(opts.width ?? 100), '-y', String(opts.height ?? 30), '-c', opts.cwd, 'bash --norc --noprofile'],
      opts.env,
    );
    this.tmux(['send-keys', '-t', 'main', "PS1='$ '; clear", 'Enter']);
  }

  private tmux(args: string[], env?: NodeJS.ProcessEnv): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', ...(env ? { env } : {}) });
  }

  /** Types a line and presses Enter. */
  type(line: string): void {
    this.tmux(['send-keys', '-t', 'main', '-l', line]);
    this.tmux(['send-keys', '-t', 'main', 'Enter']);
  }

  /** Sends a key by tmux's name for it, e.g. C-c. */
  key(name: string): void {
    this.tmux(['send-keys', '-t', 'main', name]);
  }

  clear(): void {
    this.type('clear');
    this.tmux(['clear-history', '-t', 'main']);
  }

  /** What the screen shows now (scroll-back included), trailing blank lines dropped. */
  screen(): string {
    return this.tmux(['capture-pane', '-p', '-J', '-S', '-200', '-t', 'main']).replace(/\s+$/, '');
  }

  /** 1 when the pane's cursor is visible. */
  cursorVisible(): boolean {
    return this.tmux(['display-message', '-p', '-t', 'main', '#{cursor_flag}']).trim() === '1';
  }

  /** Polls the screen until `pattern` shows; returns the screen and how long it took. */
  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<{ screen: string; ms: number }> {
    const started = performance.now();
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return { screen, ms: performance.now() - started };
      if (performance.now() - started > timeoutMs) throw new Error(`screen never showed ${pattern}:\n${screen}`);
      await sleep(25);
    }
  }

  close(): void {
    try {
      this.tmux(['kill-server']);
    } catch {
      // Already gone.
    }
  }
}
