// What every command's run() receives. Commands read their typed options and call domain code;
// they print only through `out` and return an exit code (or throw an AsnError).
import type { CommandUnknownOpts, OptionValues } from '@commander-js/extra-typings';
import { Output } from '../report/output.js';
import { takeOptionNotes } from './options/parse.js';
import type { JsonDocuments, JsonRecords } from '../json/index.js';

/** What a command prints through: `result`/`record` take only the --json types src/json/ declares for it. */
export type CommandOutput = Output<JsonDocuments, JsonRecords>;

/**
 * `Opts` is the command's options as its define module declares them (`export type XOptions`), already
 * parsed: a run() that reads an option the definition does not have does not compile.
 */
export interface CommandContext<Opts extends OptionValues = OptionValues, Args extends unknown[] = unknown[]> {
  /** Positional arguments as commander parsed them. */
  args: Args;
  /** The command's own options, parsed (the program-wide --json, --debug, --no-color are in `out`). */
  opts: Opts;
  out: CommandOutput;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdin: NodeJS.ReadStream;
  /** Aborted on Ctrl-C; long-running commands stop when it fires. */
  signal: AbortSignal;
  /** Registers clean-up (closing servers) that runs on exit and on Ctrl-C. */
  onCleanup(fn: () => void | Promise<void>): void;
}

export type RunFunction<Opts extends OptionValues = OptionValues, Args extends unknown[] = unknown[]> = (ctx: CommandContext<Opts, Args>) => Promise<number>;
export interface CommandModule<Opts extends OptionValues = OptionValues, Args extends unknown[] = unknown[]> {
  run: RunFunction<Opts, Args>;
}

/** The parsed options of a command as declared: `OptionsOf<ReturnType<typeof declare>>`. */
export type OptionsOf<C> = C extends { opts(): infer O } ? O : never;
/** The parsed positional arguments of a command as declared. */
export type ArgsOf<C> = C extends { processedArgs: infer A } ? A : never;

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
 * its command runs, so `--help` and other commands never pay for its dependencies. The action's
 * type ties the module's run() to the definition: `.action(lazyAction(() => import('./run.js')))`
 * does not compile when run() expects options or arguments the command does not declare.
 */
export function lazyAction<Opts extends OptionValues, Args extends unknown[]>(load: () => Promise<CommandModule<Opts, Args>>) {
  return async (...actionArgs: [...Args, Opts, CommandUnknownOpts]): Promise<void> => {
    const command = actionArgs[actionArgs.length - 1] as CommandUnknownOpts;
    const globals = command.optsWithGlobals();
    const rt = runtime ?? { signal: new AbortController().signal, cleanups: [] };
    const io = rt.io;
    const out: CommandOutput = new Output({
      json: Boolean(globals.json),
      debug: Boolean(globals.debug),
      color: globals.color !== false,
      ...(io ? { stdout: io.stdout, stderr: io.stderr, env: io.env } : {}),
    });
    // Deprecated spellings used on this command line: one line each on stderr, before anything else.
    const notes = takeOptionNotes();
    if (notes.length > 0) {
      const { diagnostic } = await import('../report/diagnostics/index.js');
      for (const n of notes) out.warn(diagnostic(n.id, n.vars).title);
    }
    const ctx: CommandContext<Opts, Args> = {
      args: command.processedArgs as Args,
      opts: ownOptions(command) as Opts,
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

/**
 * The command's own option values. commander gives an option written after a nested command's
 * arguments to the parent when the parent declares the same flag (`token inspect <jwt> --key k` sets
 * token's --key; `urls set --timeout 5` sets urls' --timeout): a value the command declares but did
 * not get from the command line (unset, or its default) is taken from the parent, when it came from
 * the command line there.
 */
function ownOptions(command: CommandUnknownOpts): OptionValues {
  const opts = { ...command.opts() };
  for (const option of command.options) {
    const key = option.attributeName();
    if (opts[key] !== undefined && command.getOptionValueSource(key) !== 'default') continue;
    for (let parent = command.parent; parent; parent = parent.parent) {
      if (parent.getOptionValueSource(key) === 'cli') {
        opts[key] = parent.getOptionValue(key);
        break;
      }
    }
  }
  return opts;
}

const ndjsonCommands = new WeakSet<object>();

/** Marks a command whose --json output is NDJSON, one object a line, its errors included (history). */
export function markNdjson<C extends object>(cmd: C): C {
  ndjsonCommands.add(cmd);
  return cmd;
}

export function streamsNdjson(cmd: object): boolean {
  return ndjsonCommands.has(cmd);
}
