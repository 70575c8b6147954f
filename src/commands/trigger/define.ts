import { Option, type Command } from 'commander';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  program
    .command('trigger <type>')
    .description(
      'Sign one notification of any type (realistic nested data, signed by the local emulator CA, not Apple) and deliver it to a URL, reporting the sendAttemptResult Apple would record.',
    )
    .option('--subtype <subtype>', 'notification subtype, e.g. VOLUNTARY for EXPIRED')
    .option('--to <url>', 'receiver URL (https://, or http:// on this machine for local rehearsal)')
    .option('--print', 'write the request body {"signedPayload": ...} to stdout instead of sending it')
    .option('--ca <file>', 'trust this CA (PEM) for an https:// receiver; repeatable', collect)
    .option('--environment <env>', 'sandbox or production', 'sandbox')
    .addOption(new Option('--bundle-id <id>', 'bundle ID in the payload').default(undefined, 'the emulator’s'))
    .option('--product-id <id>', 'product ID of the nested transaction')
    .option('--transaction-id <id>', 'transactionId of the nested transaction')
    .option('--original-transaction-id <id>', 'originalTransactionId of the nested transaction')
    .option('--app-apple-id <n>', 'appAppleId (production payloads only)')
    .option('--via <emulatorUrl>', 'send through a running emulator so it appears in its notification history (and gets production retries)')
    .option('--timeout <ms>', 'delivery timeout in milliseconds', '15000')
    .addOption(new Option('--state-dir <dir>', 'emulator state folder holding the local CA').default(undefined, 'under your config folder'))
    .addHelpText(
      'after',
      `
Examples:
  asn-doctor trigger TEST --to http://127.0.0.1:8080/asn
  asn-doctor trigger EXPIRED --subtype VOLUNTARY --to https://staging.example.com/asn --environment production
  asn-doctor trigger REFUND --print > refund.json
  asn-doctor trigger DID_RENEW --via http://127.0.0.1:8760 --to http://127.0.0.1:8080/asn --json`,
    )
    .action(lazyAction(() => import('./run.js')));
}

/** commander's collector for repeatable options (kept here: define modules must not load the diagnostics registry). */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
