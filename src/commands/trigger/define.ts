import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { lazyAction, type ArgsOf, type OptionsOf } from '../context.js';
import {
  appAccountTokenOption,
  appAppleIdOption,
  bundleIdOption,
  caOption,
  envOption,
  stateDirOption,
  subtypeOption,
  timeoutOption,
  transactionIdOption,
  urlOption,
  withEnv,
} from '../options/index.js';

/** Apple does not document its own delivery time limit; this is the one trigger uses when not told. */
const DEFAULT_DELIVERY_TIMEOUT_SECONDS = 15;

function declare(program: CommandUnknownOpts) {
  const cmd = program
    .command('trigger <type>')
    .description(
      'Sign one notification of any type (realistic nested data, signed by the local emulator CA, not Apple) and deliver it to a URL, reporting the sendAttemptResult Apple would record.',
    )
    .addOption(subtypeOption('notification subtype, e.g. VOLUNTARY for EXPIRED'))
    .addOption(urlOption('--to <url>', 'receiver URL (https://, or http:// on this machine for local rehearsal)', 'http://127.0.0.1:8080/asn'))
    .addOption(new Option('--print', 'write the request body {"signedPayload": ...} to stdout instead of sending it'))
    .addOption(caOption('trust this CA (PEM) for an https:// receiver; repeatable'));
  return withEnv(cmd, envOption('sandbox or production').default('sandbox'))
    .addOption(bundleIdOption('bundle ID in the payload').default(undefined, 'the emulator’s'))
    .addOption(new Option('--product-id <id>', 'product ID of the nested transaction'))
    .addOption(transactionIdOption('transactionId of the nested transaction'))
    .addOption(new Option('--original-transaction-id <id>', 'originalTransactionId of the nested transaction'))
    .addOption(appAppleIdOption('appAppleId in the payload (every notification but a sandbox TEST carries it)'))
    .addOption(appAccountTokenOption('appAccountToken (a UUID) on the transaction and renewal info'))
    .addOption(urlOption('--via <emulatorUrl>', 'send through a running emulator so it appears in its notification history (and gets production retries)', 'http://127.0.0.1:8760'))
    .addOption(timeoutOption('delivery time limit', DEFAULT_DELIVERY_TIMEOUT_SECONDS, { legacyMs: true }))
    .addOption(stateDirOption('emulator state folder holding the local CA', 'under your config folder'));
}
export type TriggerOptions = OptionsOf<ReturnType<typeof declare>>;
export type TriggerArgs = ArgsOf<ReturnType<typeof declare>>;

export function define(program: CommandUnknownOpts): void {
  declare(program)
    .addHelpText(
      'after',
      `
Examples:
  asn-doctor trigger TEST --to http://127.0.0.1:8080/asn
  asn-doctor trigger EXPIRED --subtype VOLUNTARY --to https://staging.example.com/asn --env production
  asn-doctor trigger REFUND --print > refund.json
  asn-doctor trigger DID_RENEW --via http://127.0.0.1:8760 --to http://127.0.0.1:8080/asn --json`,
    )
    .action(lazyAction(() => import('./run.js')));
}
