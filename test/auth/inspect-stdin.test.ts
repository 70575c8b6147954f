// token inspect reads a token from stdin only up to a cap: a log or /dev/zero piped in by mistake is
// refused with exit 2 and one line, instead of being buffered whole.
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process-cli.js';

describe('token inspect on stdin', () => {
  it('refuses input over 64 KB with exit 2 and a one-line reason', async () => {
    const r = await runInProcess(['token', 'inspect'], { input: 'x'.repeat(200 * 1024) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: the input on stdin is over 64 KB; a token is well under 2 KB\n  fix: .+\n$/);
    expect(r.stdout).toBe('');
  });

  it('still reads a token piped in', async () => {
    const r = await runInProcess(['token', 'inspect', '--json'], { input: 'eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln\n' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false });
  });
});
