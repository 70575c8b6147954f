import { Option, type Command } from 'commander';
import { addCredentialOptions } from '../credential-options.js';
import { addApiOptions } from '../api-options.js';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  const cmd = program
    .command('history')
    .description('Get Notification History: what Apple sent, and how each delivery attempt went.')
    .addOption(new Option('--since <when>', 'start: a duration back from now (24h, 7d, 2w), an ISO 8601 date or date-time, or epoch ms').default(undefined, '7d'))
    .addOption(new Option('--until <when>', 'end, same forms').default(undefined, 'now'))
    .option('--type <type>', 'only this notificationType, e.g. SUBSCRIBED (not with --transaction-id)')
    .option('--subtype <subtype>', 'only this subtype, e.g. INITIAL_BUY (needs --type)')
    .option('--transaction-id <id>', "only this customer's notifications: any of their transaction IDs (not with --type)")
    .option('--only-failures', 'only notifications that did not reach your server (including ones still being retried)')
    .option('--limit <n>', 'stop after n notifications')
    .option('-v, --verbose', 'show each notification decoded, with its attempts');
  addApiOptions(addCredentialOptions(cmd))
    .addHelpText(
      'after',
      `
Checks the request before sending it: Apple keeps 180 days of history in production and 30 in
sandbox, accepts --type or --transaction-id but not both, and needs --type for --subtype. Pages (20
notifications each) are followed to the end or to --limit. History holds only notifications sent to a
Version 2 URL.

Output: one line per notification (date, type/subtype, notificationUUID, last attempt result, attempt
count). --json streams NDJSON: one line per notification (decoded, with its attempts), then a summary line.

Exit codes: 0 every listed notification was delivered · 1 some were not (or did not verify), or 401 ·
2 bad options or credentials · 3 network failure, timeout, or 5xx after retries.

Examples:
  asn-doctor history --since 24h
  asn-doctor history --env production --since 30d --only-failures
  asn-doctor history --type SUBSCRIBED --subtype INITIAL_BUY --limit 10 --verbose
  asn-doctor history --transaction-id 2000000123456789 --json | jq .notificationType`,
    )
    .action(lazyAction(() => import('./run.js')));
}
