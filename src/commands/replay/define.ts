import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { lazyAction, markNdjson, type OptionsOf } from '../context.js';
import {
  caOption,
  DEFAULT_API_TIMEOUT_SECONDS,
  integerOption,
  pathOption,
  timeLimitOption,
  timeoutOption,
  urlOption,
  withCredentialOptions,
  withHistoryFilterOptions,
} from '../options/index.js';

/** Apple does not document its delivery time limit; replay waits as long as trigger and the emulator. */
const DEFAULT_DELIVERY_TIMEOUT_SECONDS = 15;
const DEFAULT_MAX_FAILURES = 5;
/** More at once would be a load test, not a recovery. */
const MAX_CONCURRENCY = 32;

function declare(program: CommandUnknownOpts) {
  const cmd = program
    .command('replay')
    .description("Recover missed notifications: send them again from Apple's notification history (or a saved file) to your handler.")
    .addOption(urlOption('--to <url>', 'your handler: where to send them', 'https://example.com/apple/notifications'));
  return withCredentialOptions(
    withHistoryFilterOptions(cmd)
      .addOption(pathOption('--from <path>', 'send from a saved `history --json` file or a `listen --save` folder instead of Apple’s history', 'history.ndjson'))
      .addOption(new Option('--skip-bad', 'send the rest when some lines (or files, or history items) hold no notification'))
      .addOption(pathOption('--state <file>', 'remember what was delivered in this file; a second run sends only what is left', 'replay-state.json'))
      .addOption(new Option('--dry-run', 'list what would be sent, and send nothing'))
      .addOption(new Option('-y, --yes', 'send without asking (needed when there is no terminal to ask on)'))
      .addOption(integerOption('--concurrency <n>', `how many notifications to send at once, 1 to ${MAX_CONCURRENCY}`, 1, MAX_CONCURRENCY).default(1, '1'))
      .addOption(integerOption('--max-failures <n>', 'stop after this many failures in a row (0: never stop)', 0, 1_000_000).default(DEFAULT_MAX_FAILURES, String(DEFAULT_MAX_FAILURES)))
      .addOption(timeLimitOption('--delivery-timeout <seconds>', 'how long to wait for your handler to answer each notification', DEFAULT_DELIVERY_TIMEOUT_SECONDS))
      .addOption(caOption('trust this CA (PEM) for an https:// handler; repeatable')),
  ).addOption(timeoutOption('limit for each HTTP request to the API', DEFAULT_API_TIMEOUT_SECONDS));
}
export type ReplayOptions = OptionsOf<ReturnType<typeof declare>>;

export function define(program: CommandUnknownOpts): void {
  markNdjson(declare(program))
    .addHelpText(
      'after',
      `
Reads every matching notification first (Get Notification History, the same window and filters as
history, or --from), says how many it will send where, and asks (on a terminal; --yes without one).
Then POSTs each one's signedPayload as Apple does ({"signedPayload": "..."}), oldest signedDate first,
one at a time unless --concurrency says otherwise, and names each answer as Apple would record it.
Your handler must be idempotent: key on notificationUUID.

--state FILE is rewritten after every answer: run the same command again after a failure, a crash or
Ctrl-C and only what was not delivered is sent (at most the notifications in flight are sent twice).

Exit codes: 0 every notification delivered (or nothing to send) · 1 some were not · 2 bad options,
state file or input · 3 history could not be read · 130 interrupted (the state file stays whole).

Examples:
  asn-doctor history --env production --since 3d --only-failures
  asn-doctor replay --env production --since 3d --only-failures --to https://api.example.com/asn --dry-run
  asn-doctor replay --env production --since 3d --only-failures --to https://api.example.com/asn --state replay.json
  asn-doctor replay --from saved.ndjson --to http://localhost:3000/asn --yes`,
    )
    .action(lazyAction(() => import('./run.js')));
}
