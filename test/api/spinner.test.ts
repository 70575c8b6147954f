// send-test's spinner: only on an interactive stderr that reports a width; otherwise plain notes.
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { Output, stopAllSpinners } from '../../src/report/output.js';

/** A stand-in terminal: what ora asks of a TTY stream, writing into a buffer. */
function ttyStream(columns: number): PassThrough & { isTTY: boolean; columns: number } {
  const done = () => true;
  return Object.assign(new PassThrough(), { isTTY: true, columns, cursorTo: done, clearLine: done, moveCursor: done });
}

describe('spinner', () => {
  it('falls back to plain notes on a terminal without a width (ora would redraw forever)', async () => {
    const err = ttyStream(0);
    const out = new Output({ json: false, debug: false, stderr: err, stdout: new PassThrough(), env: {} });
    const s = await out.spinner('Waiting');
    s.update('Waiting… 1 s');
    s.succeed('1 attempt recorded');
    expect(String(err.read())).toBe('1 attempt recorded\n');
  });

  it('never colours the final symbol with --no-color', async () => {
    const err = ttyStream(80);
    const out = new Output({ json: false, debug: false, color: false, stderr: err, stdout: new PassThrough(), env: {} });
    const s = await out.spinner('Waiting');
    s.succeed('done');
    const text = String(err.read());
    expect(text).toContain('✔ done');
    expect(text).not.toMatch(/\u001b\[3\dm/);
  });

  it('with elapsed: true, counts the seconds on while nothing else changes (a hanging request)', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance'] });
    try {
      const err = ttyStream(80);
      let written = '';
      err.on('data', (d: Buffer) => (written += d.toString()));
      const out = new Output({ json: false, debug: false, color: false, stderr: err, stdout: new PassThrough(), env: {} });
      const s = await out.spinner('Waiting (look-up 1)', { elapsed: true });
      await vi.advanceTimersByTimeAsync(3100);
      expect(written).toContain('Waiting (look-up 1) · 3 s');
      s.update('Waiting (look-up 2)');
      await vi.advanceTimersByTimeAsync(1000);
      expect(written).toContain('Waiting (look-up 2) · 4 s');
      s.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('stopAllSpinners clears what is on screen (Ctrl-C), and a stopped spinner stays stopped', async () => {
    const err = ttyStream(80);
    const out = new Output({ json: false, debug: false, color: false, stderr: err, stdout: new PassThrough(), env: {} });
    const s = await out.spinner('Working');
    stopAllSpinners();
    err.read();
    s.succeed('done');
    expect(err.read()).toBeNull();
  });
});
