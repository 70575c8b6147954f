// A CommandContext for running a command's run() in-process: output captured, no terminal attached.
import { PassThrough } from 'node:stream';
import type { CommandContext } from '../../src/commands/context.js';
import { Output } from '../../src/report/output.js';

export interface TestContext {
  ctx: CommandContext;
  stdout: () => string;
  stderr: () => string;
}

export function commandContext(opts: { opts?: Record<string, unknown>; args?: unknown[]; cwd: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal }): TestContext {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  err.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const flags = opts.opts ?? {};
  const output = new Output({ json: Boolean(flags.json), debug: false, color: false, stdout: out, stderr: err, env: { NO_COLOR: '1' } });
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  const ctx: CommandContext = {
    args: opts.args ?? [],
    opts: flags,
    out: output,
    env: opts.env ?? {},
    cwd: opts.cwd,
    stdin,
    signal: opts.signal ?? new AbortController().signal,
    onCleanup: () => undefined,
  };
  return { ctx, stdout: () => stdout, stderr: () => stderr };
}
