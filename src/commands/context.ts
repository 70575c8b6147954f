// What every command's run() receives. Commands parse options and call domain code;
// they print only through `out` and return an exit code (or throw an AsnError).
import type { Command } from 'commander';
import { Output } from '../report/output.js';
import type { JsonDocuments, JsonRecords } from '../json/index.js';

/** What a command prints through: `result`/`record` take only the --json types src/json/ declares for it. */
export type CommandOutput = Output<JsonDocuments, JsonRecords>;

export interface CommandContext {
  /** Positional arguments as commander parsed them. */
  args: unknown[];
  /** The command's options merged with the global ones (--json, --debug, --color). */
  opts: Record<string, unknown>;
  out: CommandOutput;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdin: NodeJS.ReadStream;
  /** Aborted on Ctrl-C; long-running commands stop when it fires. */
  signal: AbortSignal;
  /** Registers clean-up (closing servers) that runs on exit and on Ctrl-C. */
  onCleanup(fn: () => void | Promise<void>): void;
}

export type RunFunction = (ctx: CommandContext) => Promise<number>;
export interface CommandModule {
  run: RunFunction;
}

export interface Runtime {
  signal: AbortSignal;
  cleanups: (() => void | Promise<void>)[];
  exitCode?: number;
  /** Where commands read and write: the process's own, unless the CLI runs in-process (tests). */
  io?: CommandIo;
}

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

let runtime: Runtime | undefined;

export function setRuntime(r: Runtime): void {
  runtime = r;
}

/**
 * Wraps a lazily imported command module as a commander action. The module is loaded only when
 * its command runs, so `--help` and other commands never pay for its dependencies.
 */
export function lazyAction(load: () => Promise<CommandModule>) {
  return async (...actionArgs: unknown[]): Promise<void> => {
    const command = actionArgs[actionArgs.length - 1] as Command;
    const opts = command.optsWithGlobals() as Record<string, unknown>;
    const rt = runtime ?? { signal: new AbortController().signal, cleanups: [] };
    const io = rt.io;
    const out: CommandOutput = new Output({
      json: Boolean(opts.json),
      debug: Boolean(opts.debug),
      color: opts.color !== false,
      ...(io ? { stdout: io.stdout, stderr: io.stderr, env: io.env } : {}),
    });
    const ctx: CommandContext = {
      args: command.processedArgs,
      opts,
      out,
      env: io?.env ?? process.env,
      cwd: io?.cwd ?? process.cwd(),
      stdin: io?.stdin ?? process.stdin,
      signal: rt.signal,
      onCleanup: (fn) => rt.cleanups.push(fn),
    };
    const mod = await load();
    rt.exitCode = await mod.run(ctx);
  };
}
