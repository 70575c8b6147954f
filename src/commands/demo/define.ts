import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { lazyAction, type OptionsOf } from '../context.js';
import { verboseOption } from '../options/index.js';

function declare(program: CommandUnknownOpts) {
  return program
    .command('demo')
    .description('Run the whole loop on this machine: emulator, receiver, check-url, token, send-test, decode.')
    .addOption(verboseOption('show every check and the decoded payload in full'));
}
export type DemoOptions = OptionsOf<ReturnType<typeof declare>>;

export function define(program: CommandUnknownOpts): void {
  declare(program)
    .addHelpText(
      'after',
      `
Starts the emulator (a stand-in for Apple) and a TLS \`listen\` receiver in this process, state in a
temporary folder, then: check-url on the receiver, a token from the emulator's test key, send-test,
the TEST notification arriving and decoded, two more types triggered, history. Takes a few seconds,
talks to nothing outside this machine, and leaves nothing running or on disk.

Examples:
  asn-doctor demo
  npm run demo
  asn-doctor demo --json | jq .steps[].step`,
    )
    .action(lazyAction(() => import('./run.js')));
}
