// A CommandContext for running a command's run() in-process: output captured, no terminal attached.
import { PassThrough } from 'node:stream';
import type { OptionValues } from '@commander-js/extra-typings';
import type { CommandContext } from '../../src/commands/context.js';
import { Output } from '../../src/report/output.js';

export interface TestContext<O extends OptionValues = OptionValues, A extends unknown[] = unknown[]> {
  ctx: CommandContext<O, A>;
  stdout: () => string;
  stderr: () => string;
}

/** `opts` are the command's parsed options, as its define module types them; `json` is the program-wide --json. */
export function commandContext<O extends OptionValues = OptionValues, A extends unknown[] = unknown[]>(opts: {
  opts?: O;
  args?: A;
  json?: boolean;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}): TestContext<O, A> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  err.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const output = new Output({ json: opts.json === true, debug: false, color: false, stdout: out, stderr: err, env: { NO_COLOR: '1' } });
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  const ctx: CommandContext<O, A> = {
    args: opts.args ?? ([] as unknown[] as A),
    opts: opts.opts ?? ({} as O),
    out: output,
    env: opts.env ?? {},
    cwd: opts.cwd,
    stdin,
    signal: opts.signal ?? new AbortController().signal,
    onCleanup: () => undefined,
  };
  return { ctx, stdout: () => stdout, stderr: () => stderr };
}
