import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { lazyAction, type OptionsOf } from '../context.js';
import {
  appAppleIdOption,
  bundleIdOption,
  caOption,
  issuerIdOption,
  keyIdOption,
  listOption,
  pathOption,
  portOption,
  stateDirOption,
  urlOption,
} from '../options/index.js';
import { parsePositiveNumber } from '../options/parse.js';

function declare(program: CommandUnknownOpts) {
  return program
    .command('emulator')
    .description(
      "Run a local stand-in for Apple's App Store Server API (test notification, status, history, and the transaction endpoints), its OCSP responder and notification sender, signing with a local CA that is NOT Apple's.",
    )
    .addOption(portOption('port on 127.0.0.1 (0 picks a free one)', 8760, 0))
    .addOption(urlOption('--notify-url <url>', 'production notification URL (sandbox falls back to it, as in App Store Connect)', 'http://127.0.0.1:8080/asn'))
    .addOption(urlOption('--sandbox-notify-url <url>', 'sandbox notification URL', 'http://127.0.0.1:8080/asn'))
    .addOption(stateDirOption('folder for the local CA and test key', 'under your config folder'))
    .addOption(
      new Option('--time-scale <factor>', "compress Apple's retry schedule (1, 12, 24, 48, 72 h): 3600 makes an hour a second")
        .argParser((v) => parsePositiveNumber(v, '--time-scale', '3600'))
        .default(1, '1'),
    )
    .addOption(pathOption('--key-file <file>', 'accept your own In-App Purchase key (.p8 or public key PEM) instead of the test key', 'SubscriptionKey_2X9R4HXF34.p8'))
    .addOption(keyIdOption('key ID to accept with --key-file').default(undefined, 'from SubscriptionKey_<KEYID>.p8'))
    .addOption(issuerIdOption('issuer ID to accept'))
    .addOption(bundleIdOption('bundle ID to accept (the JWT bid)'))
    .addOption(appAppleIdOption('appAppleId in the payloads (every notification but a sandbox TEST carries it)'))
    .addOption(caOption('trust this CA (PEM) when delivering to an https:// receiver; repeatable'))
    .addOption(listOption('--fault <endpoint=kind[:times]>', 'make an API endpoint (test, test-status, history, transaction, subscriptions, transaction-history, app-transaction) or the OCSP responder (ocsp) answer 500, hang, reset or malformed-json, and ocsp also revoked; repeatable'))
    .addOption(listOption('--rate-limit <endpoint=N[/duration]>', "override Apple's per-hour limit, e.g. test=2/10s; repeatable"))
    .addOption(new Option('--app-name <name>', "the app's name in its App Store Connect record"))
    .addOption(new Option('--asc-read-only', "its App Store Connect key's role may read apps but not change them (PATCH answers 403 FORBIDDEN_ERROR)"))
    .addOption(new Option('--asc-individual-key', 'its App Store Connect key is an individual key (tokens with sub "user", no issuer ID)'))
    .addOption(listOption('--asc-app <bundleId[=name]>', 'one more app record in App Store Connect (e.g. a widget, or a second app with the same bundle ID); repeatable'))
    .addOption(listOption('--asc-fault <get|patch=kind[:times]>', 'make App Store Connect answer 500, hang, reset, or reset-after (apply the change, lose the answer); repeatable'));
}
export type EmulatorCommandOptions = OptionsOf<ReturnType<typeof declare>>;

export function define(program: CommandUnknownOpts): void {
  declare(program)
    .addHelpText(
      'after',
      `
Base URLs: production http://127.0.0.1:PORT, sandbox http://127.0.0.1:PORT/sandbox (Apple's paths below each);
App Store Connect http://127.0.0.1:PORT/asc (GET /v1/apps, GET and PATCH /v1/apps/{id}: the notification
URLs set there are where it delivers).
Control (not Apple's): GET /_emulator/info, POST /_emulator/trigger, GET|PUT|DELETE /_emulator/faults,
PUT /_emulator/notify-urls, PUT /_emulator/rate-limits, GET /_emulator/notifications. Each needs the
run's secret in X-Emulator-Secret (kept in <state-dir>/control-secret-PORT; controlSecret with --json)
and JSON bodies; requests for another Host name or from a web page are refused.

Examples:
  asn-doctor emulator --notify-url http://127.0.0.1:8080/asn
  asn-doctor emulator --port 0 --json --time-scale 3600 --notify-url http://127.0.0.1:8080/asn
  asn-doctor emulator --fault history=500:1 --rate-limit test=2/1m`,
    )
    .action(lazyAction(() => import('./run.js')));
}
