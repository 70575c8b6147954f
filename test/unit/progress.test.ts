// Output.progress: a progress line only on an interactive stderr (a terminal, not CI, not --json), cut to
// the terminal's width, redrawn at most ten times a second, with lines printed meanwhile above it.
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Output } from '../../src/report/output.js';

function terminal(columns = 40): { stream: PassThrough; text: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns });
  let text = '';
  stream.setEncoding('utf8').on('data', (d: string) => (text += d));
  return { stream, text: () => text };
}

const CLEAR = '\r\x1b[2K';

describe('Output.progress', () => {
  it('draws on a terminal, keeps printed lines above it, and clears itself at the end', async () => {
    const err = terminal(30);
    const out = new PassThrough();
    const o = new Output({ json: false, debug: false, color: false, stdout: out, stderr: err.stream, env: {} });
    const p = o.progress('[-----] 0/5 sent, a long tail that does not fit');
    expect(err.text()).toBe(`${CLEAR}[-----] 0/5 sent, a long tail`);
    o.warn('careful');
    expect(err.text().endsWith(`${CLEAR}warning: careful\n${CLEAR}[-----] 0/5 sent, a long tail`)).toBe(true);
    // Updates within a tenth of a second are drawn once, with the latest text.
    p.update('[#----] 1/5');
    p.update('[##---] 2/5');
    await sleep(150);
    const drawn = err.text();
    expect(drawn.split('[#----] 1/5')).toHaveLength(1);
    expect(drawn.endsWith(`${CLEAR}[##---] 2/5`)).toBe(true);
    p.stop();
    expect(err.text().endsWith(CLEAR)).toBe(true);
    p.stop();
    o.note('after');
    expect(err.text().endsWith(`${CLEAR}after\n`)).toBe(true);
  });

  it('shows nothing without a terminal, in CI, or with --json', () => {
    for (const [json, env, tty] of [
      [false, {}, false],
      [false, { CI: 'true' }, true],
      [true, {}, true],
    ] as const) {
      const err = tty ? terminal() : { stream: new PassThrough(), text: () => '' };
      let written = '';
      err.stream.setEncoding('utf8').on('data', (d: string) => (written += d));
      const o = new Output({ json, debug: false, color: false, stdout: new PassThrough(), stderr: err.stream, env });
      const p = o.progress('[-----] 0/5');
      p.update('[#####] 5/5');
      p.stop();
      expect(written).toBe('');
    }
  });
});
