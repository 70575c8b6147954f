import type { Command } from 'commander';
import { addCredentialOptions } from '../credential-options.js';
import { addApiOptions } from '../api-options.js';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  const cmd = program
    .command('test-status <token>')
    .description('Look up the delivery status of an earlier test notification (tokens stay valid for months).')
    .option('-v, --verbose', 'also show the decoded TEST payload in full');
  addApiOptions(addCredentialOptions(cmd))
    .addHelpText(
      'after',
      `
One Get Test Notification Status look-up for a token printed by send-test, explained the same way.
Use the same --env as the send-test that made the token.

Exit codes: 0 delivered (SUCCESS) · 1 not delivered, no result for the token yet (4040008), or 401 ·
2 bad options or credentials · 3 network failure, timeout, or 5xx after retries.

Examples:
  asn-doctor test-status 8a1c2f4e-0b5d-4a57-9f3e-2d1b0c9e7a66
  asn-doctor test-status 8a1c2f4e-0b5d-4a57-9f3e-2d1b0c9e7a66 --env production --json`,
    )
    .action(lazyAction(() => import('./run.js')));
}
