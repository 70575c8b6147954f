import type { Command } from 'commander';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  program
    .command('emulator')
    .description(
      "Run a local stand-in for Apple's App Store Server API (test notification, status, history) and notification sender, signing with a local CA that is NOT Apple's.",
    )
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', '8760')
    .option('--notify-url <url>', 'production notification URL (sandbox falls back to it, as in App Store Connect)')
    .option('--sandbox-notify-url <url>', 'sandbox notification URL')
    .option('--state-dir <dir>', 'folder for the local CA and test key (default: under your config folder)')
    .option('--time-scale <factor>', "compress Apple's retry schedule (1, 12, 24, 48, 72 h): 3600 makes an hour a second", '1')
    .option('--key-file <file>', 'accept your own In-App Purchase key (.p8 or public key PEM) instead of the test key')
    .option('--key-id <id>', 'key ID to accept with --key-file (default: from SubscriptionKey_<KEYID>.p8)')
    .option('--issuer-id <id>', 'issuer ID to accept')
    .option('--bundle-id <id>', 'bundle ID to accept (the JWT bid)')
    .option('--app-apple-id <n>', 'appAppleId in production payloads')
    .option('--ca <file>', 'trust this CA (PEM) when delivering to an https:// receiver; repeatable', collect)
    .option('--fault <endpoint=kind[:times]>', 'make test, test-status or history answer 500, hang, reset or malformed-json; repeatable', collect)
    .option('--rate-limit <endpoint=N[/duration]>', "override Apple's per-hour limit, e.g. test=2/10s; repeatable", collect)
    .addHelpText(
      'after',
      `
Base URLs: production http://127.0.0.1:PORT, sandbox http://127.0.0.1:PORT/sandbox (Apple's paths below each).
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

/** commander's collector for repeatable options (kept here: define modules must not load the diagnostics registry). */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
