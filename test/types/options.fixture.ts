// Compiled by options-types.test.ts, never run. Each `// @ts-expect-error` marks a line that must NOT
// compile: run() code cannot read an option its command does not declare, nor read a parsed value as
// text, and a command's action cannot be a run() that expects other options than the definition
// gives. The command is declared the way every define.ts declares one, from the shared factories.
// (The real commands get the same check from `npm run build`: each run.ts reads its define's type.)
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { lazyAction, type ArgsOf, type CommandContext, type OptionsOf } from '../../src/commands/context.js';
import { envOption, issuerIdOption, rootOption, timeoutOption, verboseOption, withEnv } from '../../src/commands/options/index.js';

function declare(program: CommandUnknownOpts) {
  const cmd = program.command('example <input>').addOption(timeoutOption('delivery time limit', 15, { legacyMs: true })).addOption(rootOption());
  return withEnv(cmd.addOption(verboseOption('more')), envOption().default('sandbox')).addOption(issuerIdOption('issuer ID'));
}
type ExampleOptions = OptionsOf<ReturnType<typeof declare>>;
type ExampleArgs = ArgsOf<ReturnType<typeof declare>>;

export function readOptions(ctx: CommandContext<ExampleOptions, ExampleArgs>): unknown[] {
  const [input] = ctx.args;
  const timeoutMs: number = ctx.opts.timeout;
  const env: 'sandbox' | 'production' = ctx.opts.env;
  const roots: string[] | undefined = ctx.opts.root;
  return [
    input.length,
    timeoutMs,
    env,
    roots,
    ctx.opts.issuerId,
    // @ts-expect-error -- misspelt: the flag is --issuer-id
    ctx.opts.issuerID,
    // @ts-expect-error -- the deprecated --environment is stored as env; there is no `environment`
    ctx.opts.environment,
    // @ts-expect-error -- misspelt: the flag is --verbose
    ctx.opts.verbos,
  ];
}

export function timeoutAsText(ctx: CommandContext<ExampleOptions, ExampleArgs>): string {
  // @ts-expect-error -- --timeout is parsed to milliseconds, not left as text
  return ctx.opts.timeout;
}

export function define(program: CommandUnknownOpts): void {
  // The run() the definition fits.
  declare(program).action(lazyAction(async () => ({ run: async (ctx: CommandContext<ExampleOptions, ExampleArgs>) => ctx.opts.timeout })));
  // @ts-expect-error -- this run() expects --timeout as text
  declare(program).action(lazyAction(async () => ({ run: async (_ctx: CommandContext<{ timeout: string }, ExampleArgs>) => 0 })));
  // @ts-expect-error -- this run() expects a --wait the command does not declare
  declare(program).action(lazyAction(async () => ({ run: async (_ctx: CommandContext<ExampleOptions & { wait: number }, ExampleArgs>) => 0 })));
}
