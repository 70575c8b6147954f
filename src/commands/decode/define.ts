import { Option, type Command } from 'commander';
import { lazyAction } from '../context.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function define(program: Command): void {
  program
    .command('decode [input]')
    .description(
      "Decode and verify App Store signed data (a signedPayload, a notification body, an API response, or a file of many) the way Apple's SignedDataVerifier does, and explain it.",
    )
    .option('-f, --file <path>', 'read the input from a file (one JWS or JSON object a line for batch work)')
    .addOption(new Option('--at <when>', 'date to check certificates at: signed (the signedDate), now, or an ISO 8601 date').default(undefined, 'signed'))
    .option('--root <file>', 'extra trust anchor (DER or PEM), e.g. the emulator CA or an Xcode StoreKit certificate; repeatable', collect)
    .option('--bundle-id <id>', 'require this bundleId')
    .option('--app-apple-id <id>', 'require this appAppleId (absent in sandbox payloads)')
    .option('--environment <env>', 'require this environment: sandbox, production or xcode')
    .option('--online', "also check revocation with Apple's OCSP responders (certificates then checked at now)")
    .option('--no-verify', 'decode only; say loudly that nothing was verified')
    .option('-v, --verbose', 'show every check in detail')
    .addHelpText(
      'after',
      `
Input: a positional argument, "-" or piped stdin, or --file. Accepted: a compact JWS (quotes and line
breaks around it are fine), {"signedPayload": "..."}, a Get Test Notification Status or Get
Notification History response, a version 1 body, or many of these one a line (NDJSON with --json).

Exit codes: 0 verified, 1 decoded but not verified (or a required claim differs), 2 not a payload.

Examples:
  $ asn-doctor decode eyJhbGciOiJFUzI1NiIsIng1YyI6...
  $ pbpaste | asn-doctor decode
  $ asn-doctor decode --file notifications.ndjson --json > results.ndjson
  $ asn-doctor decode --bundle-id com.example.app --environment production body.json
  $ asn-doctor decode --root StoreKitTestCertificate.cer xcode-transaction.jws`,
    )
    .action(lazyAction(() => import('./run.js')));
}
