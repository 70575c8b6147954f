import { Option, type Command, type CommandUnknownOpts, type OptionValues } from '@commander-js/extra-typings';
import { lazyAction, type OptionsOf } from '../context.js';
import { allowPrivateOption, caOption, waitOption, withUrlsOptions } from '../options/index.js';

/** --send and --wait: a TEST notification afterwards, with the In-App Purchase key (send-test's credentials). */
function withSend<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>, help: string) {
  return cmd
    .addOption(new Option('--send', `${help}, and wait for Apple's attempt (needs the In-App Purchase key)`))
    .addOption(waitOption('--wait <seconds>', "with --send: how long to wait for Apple's attempt", '60').default(60_000, '60'));
}

function declareUrls(program: CommandUnknownOpts) {
  const urls = program
    .command('urls')
    .description("Show the notification URLs App Store Connect really has for your app, and where Apple delivers; 'urls set' changes them, 'urls check' checks them.")
    .addOption(allowPrivateOption('loopback and private URLs are warnings, not failures (a local rehearsal against the emulator)'))
    // `urls set --bundle-id` is set's own option, not urls'.
    .enablePositionalOptions();
  return withUrlsOptions(urls);
}
export type UrlsOptions = OptionsOf<ReturnType<typeof declareUrls>>;

function declareSet(urls: CommandUnknownOpts) {
  const set = urls
    .command('set')
    .description('Change the notification URLs in App Store Connect: checked first, shown as a diff, confirmed, written, read back.')
    .addOption(new Option('--production <url>', 'the Production Server URL to set'))
    .addOption(new Option('--sandbox <url>', 'the Sandbox Server URL to set'))
    .addOption(new Option('--clear-sandbox', 'remove the Sandbox Server URL (sandbox then goes to the Production URL)'))
    .addOption(
      new Option('--notification-version <version>', 'notification version of the URLs set: V2 or V1 (deprecated); given alone, for every URL there is. --version works too')
        .choices(['V1', 'V2'] as const)
        .default(undefined, 'V2'),
    )
    .addOption(new Option('--check', 'run the full check-url on each new URL first; refuse one Apple could not deliver to'))
    .addOption(new Option('--force', 'with --check: write a URL even when check-url finds a problem'))
    .addOption(new Option('--dry-run', 'show the change and write nothing'))
    .addOption(new Option('-y, --yes', 'write without asking (needed without a terminal)'))
    .addOption(allowPrivateOption("accept loopback and private URLs (plain http on a loopback host too), to rehearse against the emulator; Apple would refuse them"))
    .addOption(caOption('with --check: trust this CA, to rehearse against a local receiver; repeatable'));
  return withUrlsOptions(withSend(set, 'afterwards, ask for a TEST notification in each changed environment'));
}
export type UrlsSetOptions = OptionsOf<ReturnType<typeof declareSet>>;

function declareCheck(urls: CommandUnknownOpts) {
  const check = urls
    .command('check')
    .description('Check the URLs App Store Connect has with check-url (once where both are the same); with --send, a TEST notification per environment.')
    .addOption(allowPrivateOption('private and loopback addresses are warnings, not failures (local rehearsal)'))
    .addOption(caOption('trust this CA for the URL checks, to rehearse against a local receiver; repeatable'));
  return withUrlsOptions(withSend(check, 'also ask for a TEST notification in each environment with a URL'));
}
export type UrlsCheckOptions = OptionsOf<ReturnType<typeof declareCheck>>;

export function define(program: CommandUnknownOpts): void {
  const urls = declareUrls(program);
  urls
    .addHelpText(
      'after',
      `
Reads the app's four App Store Connect settings through the App Store Connect API (not the App Store
Server API): the Production and Sandbox Server URLs and their notification versions. Needs an App Store
Connect API key (AuthKey_<KEYID>.p8; --asc-key, ASN_ASC_*, or \`asn-doctor init\`), not the In-App
Purchase key; the app is found by --bundle-id or --app-apple-id.

Exit codes: 0 settings Apple can use · 1 a problem in them, or App Store Connect refused the key (401,
403) · 2 bad options, missing key, an app that cannot be told · 3 App Store Connect unreachable or failing.

Examples:
  asn-doctor urls --asc-key AuthKey_ABCDE12345.p8 --asc-issuer-id 57246542-96fe-1a63-e053-0824d011072a --bundle-id com.example.app
  asn-doctor urls --json | jq .sandbox.effectiveUrl
  asn-doctor urls set --production https://example.com/apple/notifications --check
  asn-doctor urls check --send`,
    )
    .action(lazyAction(() => import('./show-run.js')));

  declareSet(urls)
    .addHelpText(
      'after',
      `
Each URL is checked with check-url's URL rules before any request (https, port 443 or 1024 and above, no
credentials, a public name); --check runs the whole check-url. The change is shown as before → after,
confirmed on a terminal (--yes without one), sent as one PATCH of only what changes, and read back. If
the PATCH gets no answer, the read back says whether it took effect.

Exit codes: 0 written (or nothing to change, --dry-run, not confirmed) · 1 --check found a problem, or
App Store Connect refused the key (401, 403) · 2 a URL Apple would refuse, bad options, no --yes without
a terminal · 3 could not finish (the read back says whether anything changed).

Examples:
  asn-doctor urls set --production https://example.com/apple/notifications --sandbox https://staging.example.com/apple/notifications --dry-run
  asn-doctor urls set --production https://example.com/apple/notifications --check --yes
  asn-doctor urls set --clear-sandbox --yes
  asn-doctor urls set --version V2 --yes        # move both URLs to version 2 notifications`,
    )
    .action(lazyAction(() => import('./set-run.js')));

  declareCheck(urls)
    .addHelpText(
      'after',
      `
Exit codes: 0 Apple should be able to deliver in both environments · 1 a problem (a URL missing or not
deliverable, a TEST notification not delivered) · 2 bad options or missing key · 3 some checks could
not be made from here.

Examples:
  asn-doctor urls check
  asn-doctor urls check --send --json`,
    )
    .action(lazyAction(() => import('./check-run.js')));
}
