import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { lazyAction, markNdjson, type OptionsOf } from '../context.js';
import { integerOption, verboseOption, withApiOptions, withCredentialOptions, withHistoryFilterOptions } from '../options/index.js';

/** The most notifications --limit may ask for. */
const MAX_LIMIT = 1_000_000;

function declare(program: CommandUnknownOpts) {
  const cmd = withHistoryFilterOptions(program.command('history').description('Get Notification History: what Apple sent, and how each delivery attempt went.'))
    .addOption(integerOption('--limit <n>', 'stop after n notifications', 1, MAX_LIMIT))
    .addOption(verboseOption('show each notification decoded, with its attempts'));
  return withApiOptions(withCredentialOptions(cmd));
}
export type HistoryOptions = OptionsOf<ReturnType<typeof declare>>;

export function define(program: CommandUnknownOpts): void {
  markNdjson(declare(program))
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
