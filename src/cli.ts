// The commander program. Commands are registered from light `define` modules and their
// implementations are imported only when they run. This is the one place that maps errors
// to exit codes and prints them.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ExitCode, isAsnError, type AsnError } from './errors.js';
import { defineCommands } from './commands/index.js';
import { setRuntime, type Runtime } from './commands/context.js';
import { redact } from './util/redact.js';
import { safeMessage, safeText } from './report/terminal-text.js';

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(): Command {
  const program = new Command('asn-doctor');
  program
    .description("Get Apple's App Store Server Notifications working, and keep them working.")
    .version(version(), '-V, --version', 'print the version')
    .option('--json', 'print one JSON document on stdout (NDJSON for streams); progress goes to stderr')
    .option('--debug', 'show requests, timings and stack traces (secrets redacted)')
    .option('--no-color', 'never use colour (NO_COLOR is honoured too)')
    .showHelpAfterError(false)
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  defineCommands(program);
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({ outputError: () => undefined });
    for (const sub of cmd.commands) sub.exitOverride().configureOutput({ outputError: () => undefined });
  }
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const debug = argv.includes('--debug');
  const controller = new AbortController();
  const rt: Runtime = { signal: controller.signal, cleanups: [] };
  setRuntime(rt);

  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(ExitCode.interrupted);
    interrupted = true;
    controller.abort();
    void runCleanups(rt).finally(() => {
      // Long-running commands resolve on abort; give them a moment, then leave.
      setTimeout(() => process.exit(ExitCode.interrupted), 1500).unref();
    });
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  // `asn-doctor decode --file big.ndjson | head`: the reader left; stop quietly instead of crashing on EPIPE.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.ok);
  });

  let code: number;
  try {
    await buildProgram().parseAsync(argv);
    code = rt.exitCode ?? ExitCode.ok;
  } catch (err) {
    code = await reportError(err, { json, debug });
  }
  await runCleanups(rt);
  if (interrupted) code = ExitCode.interrupted;
  process.exitCode = code;
  // A stray keep-alive socket must not hold the process open once the command is done.
  setTimeout(() => process.exit(code), 50).unref();
}

async function runCleanups(rt: Runtime): Promise<void> {
  const fns = rt.cleanups.splice(0);
  for (const fn of fns.reverse()) {
    try {
      await fn();
    } catch {
      // Clean-up is best effort.
    }
  }
}

/** Prints an error once, in the mode the user asked for, and returns its exit code. */
export async function reportError(err: unknown, mode: { json: boolean; debug: boolean }): Promise<number> {
  if (err instanceof CommanderError && ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code)) return ExitCode.ok;
  const asn = isAsnError(err) ? err : await asAsnError(err);
  if (mode.json) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: asn.toJSON() }, null, 2)}\n`);
  } else {
    // Messages can carry outside text (an API error body, a server's answer): escaped and cut.
    process.stderr.write(`error: ${safeMessage(redact(asn.message))}\n`);
    if (asn.fix) process.stderr.write(`  fix: ${safeMessage(redact(asn.fix))}\n`);
  }
  if (mode.debug) {
    const stack = err instanceof Error && err.stack ? err.stack : String(err);
    process.stderr.write(`${safeText(redact(stack), { multiline: true, max: 0 })}\n`);
  }
  return asn.exitCode;
}

/**
 * Commander's parse errors become usage errors (code `usage.<commander's case>`); anything else is an
 * internal error. The registry loads only here, so a successful run never pays for it.
 */
async function asAsnError(err: unknown): Promise<AsnError> {
  const { couldNotFinishErrorFrom, usageErrorFrom } = await import('./report/diagnostics/errors.js');
  if (err instanceof CommanderError) {
    const message = err.message.replace(/^error:\s*/, '');
    return usageErrorFrom('usage.bad-option', { message }, { code: `usage.${err.code.replace(/^commander\./, '')}` });
  }
  return couldNotFinishErrorFrom('internal.unexpected', { message: err instanceof Error ? err.message : String(err) });
}
