// The commander program. Commands are registered from light `define` modules and their
// implementations are imported only when they run. This is the one place that maps errors
// to exit codes and prints them.
import { setTimeout as sleep } from 'node:timers/promises';
import { constants as osConstants } from 'node:os';
import { Command, CommanderError, type CommandUnknownOpts, type Option } from '@commander-js/extra-typings';
import { ExitCode, isAsnError, type AsnError } from './errors.js';
import { defineCommands } from './commands/index.js';
import { setRuntime, streamsNdjson, type CommandIo, type Runtime } from './commands/context.js';
import { OptionValueError, takeOptionNotes } from './commands/options/parse.js';
import { redact } from './util/redact.js';
import { safeMessage, safeText } from './report/terminal-text.js';
import { stopAllSpinners } from './report/output.js';
import { version } from './version.js';
import type { ErrorDocument } from './json/index.js';

/** How long a command may take to stop after Ctrl-C or SIGTERM before the process leaves anyway. */
const INTERRUPT_GRACE_MS = 400;
/** How much longer the clean-ups (stopping local servers, removing temporary files) may take after that. */
const CLEANUP_WAIT_MS = 1500;

/** `io`: where help and version go when the CLI runs in-process (tests); the process's own otherwise. */
export function buildProgram(io?: Pick<CommandIo, 'stdout' | 'stderr'>): Command {
  const program = new Command('asn-doctor');
  program
    .description("Get Apple's App Store Server Notifications working, and keep them working.")
    .version(version(), '-V, --version', 'print the version')
    .option('--json', 'print one JSON document on stdout (NDJSON for streams); progress goes to stderr')
    .option('--debug', 'show requests, timings and stack traces (secrets redacted)')
    .option('--no-color', 'never use colour (NO_COLOR is honoured too)')
    .showHelpAfterError(false)
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false, visibleGlobalOptions: programWideOptions, optionDescription: describeOption })
    .exitOverride()
    .configureOutput({
      outputError: () => undefined,
      ...(io ? { writeOut: (text: string) => void io.stdout.write(text), writeErr: (text: string) => void io.stderr.write(text) } : {}),
    })
    .helpCommand('help [command...]', 'display help for a command, e.g. help token inspect')
    .addHelpText(
      'after',
      `
New here? \`asn-doctor demo\` runs the whole loop on this machine in seconds (a local stand-in for Apple
and a local receiver; no account needed). Every command explains itself with --help; the reference is
docs/commands/<command>.md, beside the README in the repository and in the installed package.`,
    );
  defineCommands(program);
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({ outputError: () => undefined });
    for (const sub of cmd.commands) sub.exitOverride().configureOutput({ outputError: () => undefined });
  }
  return program;
}

/**
 * The options that hold under every command: the program's own (--json, --debug, --no-color). A parent
 * command's options are not listed under its subcommands (token's --key is not `token inspect`'s).
 */
function programWideOptions(cmd: CommandUnknownOpts): Option[] {
  if (!cmd.parent) return [];
  let root = cmd;
  while (root.parent) root = root.parent;
  return root.options.filter((o) => !o.hidden && o.long !== '--version');
}

/**
 * One way to show a default, commander's `(default: …)`, for defaults commander applies and for those
 * resolved later (flags > ASN_* > config file), which are declared with `.default(undefined, 'shown')`.
 */
function describeOption(option: Option): string {
  const takesValue = option.required || option.optional;
  const shown = option.defaultValueDescription ?? (takesValue && option.defaultValue !== undefined ? String(option.defaultValue) : undefined);
  if (shown === undefined) return option.description;
  // A trailing "(env ASN_X)" takes the default too: one parenthesis, as commander writes "(default: …, env: …)".
  return option.description.endsWith(')') ? `${option.description.slice(0, -1)}, default: ${shown})` : `${option.description} (default: ${shown})`;
}

/**
 * `help token inspect` is `token inspect --help` (commander's help command takes one name only). A word
 * that names no command is left without --help, so commander reports it as unknown (exit 2).
 */
export function helpWordsToFlag(program: CommandUnknownOpts, argv: string[]): string[] {
  const [node, script, first, ...words] = argv;
  if (first !== 'help' || words.length === 0) return argv;
  let cmd: CommandUnknownOpts = program;
  for (const [i, word] of words.entries()) {
    const sub = subcommandNamed(cmd, word);
    if (!sub) return [node!, script!, ...words.slice(0, i + 1)];
    cmd = sub;
  }
  return [node!, script!, ...words, '--help'];
}

/** The subcommand of `cmd` that `word` names (by its name or an alias). */
function subcommandNamed(cmd: CommandUnknownOpts, word: string): CommandUnknownOpts | undefined {
  return cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
}

/**
 * The argv commander parses: `help token inspect` as `token inspect --help`, and `--version` after a
 * command with a version of its own (`urls set --version V2`, the notification version) given to that
 * command as its --notification-version: the program's --version would otherwise be taken first,
 * print asn-doctor's version and stop.
 */
export function commandArgv(program: CommandUnknownOpts, argv: string[]): string[] {
  const words = helpWordsToFlag(program, argv);
  let cmd: CommandUnknownOpts = program;
  let i = 2;
  for (; i < words.length; i += 1) {
    const sub = subcommandNamed(cmd, words[i]!);
    if (!sub) break;
    cmd = sub;
  }
  if (!cmd.options.some((o) => o.long === OWN_VERSION_FLAG)) return words;
  const end = words.indexOf('--', i);
  return words.map((w, j) => {
    if (j < i || (end !== -1 && j > end)) return w;
    if (w === '--version') return OWN_VERSION_FLAG;
    return w.startsWith('--version=') ? `${OWN_VERSION_FLAG}=${w.slice('--version='.length)}` : w;
  });
}

/** The flag of a command's own version (what `--version` means after that command). */
const OWN_VERSION_FLAG = '--notification-version';

export async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const debug = argv.includes('--debug');
  const controller = new AbortController();
  const rt: Runtime = { signal: controller.signal, cleanups: [] };
  setRuntime(rt);

  // Ctrl-C (SIGINT) and SIGTERM: clear the spinner, tell the command (the abort signal), run the clean-ups,
  // and leave with 128 + the signal's number (130, 143) whatever the command is still doing.
  let stoppedBy: number | undefined;
  let commandEnded = false;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    const code = 128 + osConstants.signals[signal];
    if (stoppedBy !== undefined) process.exit(code); // asked twice: leave now
    stoppedBy = code;
    stopAllSpinners();
    controller.abort();
    const cleaned = runCleanups(rt);
    // Commands that honour the signal end (and say where they stopped) well within this; the rest are not
    // waited for. Clean-ups are: those registered since (a command still starting up) run now, and the
    // temporary files they remove are waited for, up to CLEANUP_WAIT_MS more.
    setTimeout(() => {
      if (commandEnded) process.exit(code);
      const finished = Promise.all([cleaned, runCleanups(rt)]);
      void Promise.race([finished, sleep(CLEANUP_WAIT_MS)])
        .then(() => interrupted())
        .then((e) => reportError(e, { json, debug }))
        .finally(() => process.exit(code));
    }, INTERRUPT_GRACE_MS);
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  // `asn-doctor decode --file big.ndjson | head`: the reader left; stop quietly instead of crashing on EPIPE.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.ok);
  });

  let code = await runCommandLine(argv, rt, {
    stopped: () => stoppedBy !== undefined,
    onThrow: () => {
      commandEnded = true;
    },
  });
  commandEnded = true;
  await runCleanups(rt);
  if (stoppedBy !== undefined) code = stoppedBy;
  process.exitCode = code;
  // A stray keep-alive socket must not hold the process open once the command is done.
  setTimeout(() => process.exit(code), 50).unref();
}

/**
 * Parses `argv` (shaped like process.argv), runs the command it names and returns the exit code; an
 * error is printed once, in the form the command prints (JSON, NDJSON for a stream, or a line on
 * stderr), on the runtime's streams. main() runs it in the process; tests run it in-process.
 * `stopped`: the user interrupted, so whatever the command throws is reported as the interrupt.
 */
export async function runCommandLine(argv: string[], rt: Runtime, opts: { stopped?: () => boolean; onThrow?: () => void } = {}): Promise<number> {
  const mode = { json: argv.includes('--json'), debug: argv.includes('--debug'), ndjson: false };
  // Notes of deprecated spellings belong to one command line: none from an earlier one (in-process runs
  // share this module), and none left behind when parsing stops before the command runs to take them.
  takeOptionNotes();
  try {
    const program = buildProgram(rt.io);
    // The command being parsed: an error before its run() still comes out in the form it streams.
    program.hook('preSubcommand', (_program, sub) => {
      mode.ndjson = streamsNdjson(sub);
    });
    await program.parseAsync(commandArgv(program, argv));
    return rt.exitCode ?? ExitCode.ok;
  } catch (err) {
    opts.onThrow?.();
    // Whatever a command throws once it was told to stop (an aborted request…), the story is the interrupt.
    const shown = opts.stopped?.() ? await interrupted() : err;
    return reportError(shown, mode, rt.io ?? process);
  } finally {
    takeOptionNotes();
  }
}

/** Runs the registered clean-ups, last registered first; each is best effort. */
export async function runCleanups(rt: Runtime): Promise<void> {
  const fns = rt.cleanups.splice(0);
  for (const fn of fns.reverse()) {
    try {
      await fn();
    } catch {
      // Clean-up is best effort.
    }
  }
}

/**
 * Prints an error once, in the mode the user asked for, and returns its exit code. `ndjson`: the command
 * streams one JSON object a line (history --json), so its error is one line too. `streams` are the
 * process's own unless the CLI runs in-process (tests).
 */
export async function reportError(
  err: unknown,
  mode: { json: boolean; debug: boolean; ndjson?: boolean },
  streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process,
): Promise<number> {
  if (err instanceof CommanderError && ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code)) return ExitCode.ok;
  const asn = isAsnError(err) ? err : await asAsnError(err);
  const { stdout, stderr } = streams;
  if (mode.json) {
    const document: ErrorDocument = { ok: false, error: asn.toJSON() };
    stdout.write(`${JSON.stringify(document, null, mode.ndjson ? undefined : 2)}\n`);
  } else {
    // Messages can carry outside text (an API error body, a server's answer): escaped and cut.
    stderr.write(`error: ${safeMessage(redact(asn.message))}\n`);
    if (asn.fix) stderr.write(`  fix: ${safeMessage(redact(asn.fix))}\n`);
  }
  if (mode.debug) {
    const stack = err instanceof Error && err.stack ? err.stack : String(err);
    stderr.write(`${safeText(redact(stack), { multiline: true, max: 0 })}\n`);
  }
  return asn.exitCode;
}

async function interrupted(): Promise<AsnError> {
  const { interruptedError } = await import('./report/diagnostics/errors.js');
  return interruptedError();
}

/**
 * Commander's parse errors become usage errors (code `usage.<commander's case>`), an option value its
 * parser refused becomes the usage error its registry entry words; anything else is an internal error.
 * The registry loads only here, so a successful run never pays for it.
 */
async function asAsnError(err: unknown): Promise<AsnError> {
  const { couldNotFinishErrorFrom, usageErrorFrom } = await import('./report/diagnostics/errors.js');
  if (err instanceof OptionValueError) return usageErrorFrom(err.id, err.vars);
  if (err instanceof CommanderError) {
    const message = err.message.replace(/^error:\s*/, '');
    return usageErrorFrom('usage.bad-option', { message }, { code: `usage.${err.code.replace(/^commander\./, '')}` });
  }
  return couldNotFinishErrorFrom('internal.unexpected', { message: err instanceof Error ? err.message : String(err) });
}
