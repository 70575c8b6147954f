// The CLI run in-process: the same runCommandLine() that main() runs — the real commander program
// parses the arguments (option names, defaults, usage errors), the command's run() does its work, and
// the top-level handler prints any error in the form the command prints (JSON, one NDJSON line for a
// stream); only stdin, stdout, stderr, the environment and the folder are the test's. For behaviour
// and output shapes; what only a process shows (the launcher, exit by signal, stdout purity under a
// real pipe or file, process-wide variables such as NODE_EXTRA_CA_CERTS or TMPDIR) stays in e2e tests.
// One at a time: the runtime is module state, as it is in a process. A command still running when the
// test that started it ends (a failure, a timeout) is stopped as Ctrl-C stops it, and the next test
// may start its own: test files share a worker (vitest.config.ts, docs/testing.md), so one file's
// timed-out test must not fail the next file's commands.
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCleanups, runCommandLine } from '../../src/cli.js';
import { setRuntime, type Runtime } from '../../src/commands/context.js';
import { onTestFinished } from 'vitest';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface InProcessOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Text on stdin; without it stdin is an empty pipe (no terminal, so no prompts). */
  input?: string;
  /** Abort it to stop a long-running command (emulator, listen), as Ctrl-C does. */
  signal?: AbortSignal;
  /** Called with everything on stdout so far, each time more arrives. */
  onStdout?: (text: string) => void;
  /** Called with everything on stderr so far, each time more arrives. */
  onStderr?: (text: string) => void;
}

/** The command running now, if any. */
let running: symbol | undefined;

export async function runInProcess(argv: string[], opts: InProcessOptions = {}): Promise<InProcessResult> {
  if (running) throw new Error('runInProcess: one command at a time (the runtime is shared, as in a process)');
  const self = Symbol(argv.join(' '));
  running = self;
  const leftOver = new AbortController();
  try {
    onTestFinished(() => {
      if (running !== self) return;
      leftOver.abort();
      running = undefined;
    });
  } catch {
    // Not inside a test (a beforeAll): the hook's own timeout ends the file.
  }
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    opts.onStdout?.(out);
  });
  stderr.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    opts.onStderr?.(err);
  });
  stdin.end(opts.input ?? '');
  const rt: Runtime = {
    signal: opts.signal ? AbortSignal.any([opts.signal, leftOver.signal]) : leftOver.signal,
    cleanups: [],
    io: {
      stdout,
      stderr,
      stdin: stdin as unknown as NodeJS.ReadStream,
      // Never the developer's own ASN_* variables or config file.
      env: { NO_COLOR: '1', XDG_CONFIG_HOME: join(tmpdir(), 'asn-doctor-tests-no-config'), ...opts.env },
      cwd: opts.cwd ?? process.cwd(),
    },
  };
  setRuntime(rt);
  let code: number;
  try {
    // As main() does after Ctrl-C: whatever the command throws once stopped is reported as the interrupt.
    code = await runCommandLine(['node', 'asn-doctor', ...argv], rt, { stopped: () => rt.signal.aborted });
  } finally {
    await runCleanups(rt);
    if (running === self) running = undefined;
  }
  // Let the streams hand over what was written last.
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: out, stderr: err };
}

export interface RunningInProcess {
  /** Everything on stdout so far. */
  stdout(): string;
  /** Resolves with stdout once `ready` holds for it; rejects if the command ends first or after `ms`. */
  waitFor(ready: (stdout: string) => boolean, ms?: number): Promise<string>;
  /** Stops the command as Ctrl-C does (its abort signal) and resolves with how it ended. */
  stop(): Promise<InProcessResult>;
  /** How the command ended. */
  result: Promise<InProcessResult>;
}

/** Starts a long-running command (listen, emulator) in-process; stop it with stop(). */
export function startInProcess(argv: string[], opts: Omit<InProcessOptions, 'signal' | 'onStdout'> = {}): RunningInProcess {
  const controller = new AbortController();
  let seen = '';
  const waiters = new Set<() => void>();
  const result = runInProcess(argv, {
    ...opts,
    signal: controller.signal,
    onStdout: (text) => {
      seen = text;
      for (const w of [...waiters]) w();
    },
  });
  let ended = false;
  void result.finally(() => {
    ended = true;
    for (const w of [...waiters]) w();
  });
  return {
    stdout: () => seen,
    waitFor: (ready, ms = 15_000) =>
      new Promise<string>((resolve, reject) => {
        const check = () => {
          if (ready(seen)) done(() => resolve(seen));
          else if (ended) done(() => reject(new Error(`ended before it was ready:\n${seen}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`not ready within ${ms} ms:\n${seen}`))), ms);
        const done = (then: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          then();
        };
        waiters.add(check);
        check();
      }),
    stop: () => {
      controller.abort();
      return result;
    },
    result,
  };
}
