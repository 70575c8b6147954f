import { Option, type Command } from 'commander';
import { addCredentialOptions } from '../credential-options.js';
import { addApiOptions } from '../api-options.js';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  const cmd = program
    .command('send-test')
    .description('Ask Apple for a TEST notification, wait for the delivery attempt, explain the result and verify the payload.')
    .addOption(new Option('--wait <seconds>', 'how long to wait for Apple to record an attempt').default(undefined, '60'))
    .option('--poll-interval <seconds>', "time between status look-ups; never faster than Apple's limit (1 s production, 10 s sandbox)")
    .option('-v, --verbose', 'also show the decoded TEST payload in full');
  addApiOptions(addCredentialOptions(cmd))
    .addHelpText(
      'after',
      `
Requests a TEST notification for the environment (--env, default sandbox), then asks Get Test
Notification Status until Apple has tried the delivery (404 4040008 means "not yet"). Each attempt is
shown with its result, what it means and the fix; the TEST signedPayload is decoded and verified.

Polling follows Apple's rate limit for the endpoint: every 1 s in production, every 10 s in sandbox.
Against a loopback --api-url (the emulator) it polls every 0.25 s unless --poll-interval says otherwise.

Exit codes: 0 delivered (SUCCESS) and verified · 1 not delivered, no URL set (4040007), 401, or a payload
that does not verify · 2 bad options or credentials · 3 no attempt within --wait, network failure,
timeout, or Apple answering 5xx after retries.

Examples:
  asn-doctor send-test --env sandbox
  asn-doctor send-test --env production --wait 120 --json
  asn-doctor send-test --api-url http://127.0.0.1:8080 --env sandbox   # the emulator (its CA is found by itself)`,
    )
    .action(lazyAction(() => import('./run.js')));
}
