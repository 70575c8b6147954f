import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { lazyAction, type ArgsOf, type OptionsOf } from '../context.js';
import { appAppleIdOption, bundleIdOption, pathOption, rootOption, verboseOption, withPayloadEnv } from '../options/index.js';
import { OptionValueError } from '../options/parse.js';

/** --at: `signed` (the payload's signedDate), `now`, or an ISO 8601 date. */
function parseAt(text: string): 'signed' | 'now' | Date {
  const v = text.trim();
  if (v === 'signed' || v === 'now') return v;
  const d = new Date(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime())) throw new OptionValueError('decode.bad-at', { value: v });
  return d;
}

function declare(program: CommandUnknownOpts) {
  const cmd = program
    .command('decode [input]')
    .description(
      "Decode and verify App Store signed data (a signedPayload, a notification body, an API response, or a file of many) the way Apple's SignedDataVerifier does, and explain it.",
    )
    .addOption(pathOption('-f, --file <path>', 'read the input from a file (one JWS or JSON object a line for batch work)', 'notifications.ndjson'))
    .addOption(new Option('--at <when>', 'date to check certificates at: signed (the signedDate), now, or an ISO 8601 date').argParser(parseAt).default(undefined, 'signed'))
    .addOption(rootOption('extra trust anchor (DER or PEM), e.g. the emulator CA or an Xcode StoreKit certificate; repeatable'))
    .addOption(bundleIdOption('require this bundleId'))
    .addOption(appAppleIdOption('require this appAppleId; compared for Production payloads only, as Apple\'s verifier does'));
  return withPayloadEnv(cmd, 'require this environment: sandbox, production or xcode')
    .addOption(new Option('--online', "also check revocation with Apple's OCSP responders (certificates then checked at now)"))
    .addOption(new Option('--no-verify', 'decode only; say loudly that nothing was verified'))
    .addOption(verboseOption('show every check in detail'));
}
export type DecodeOptions = OptionsOf<ReturnType<typeof declare>>;
export type DecodeArgs = ArgsOf<ReturnType<typeof declare>>;

export function define(program: CommandUnknownOpts): void {
  declare(program)
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
  $ asn-doctor decode --bundle-id com.example.app --env production body.json
  $ asn-doctor decode --root StoreKitTestCertificate.cer xcode-transaction.jws`,
    )
    .action(lazyAction(() => import('./run.js')));
}
