import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { lazyAction, type OptionsOf } from '../context.js';
import { allowPrivateOption, caOption, notificationUrlOptions, timeoutOption, waitOption, withAscOptions, withCredentialOptions } from '../options/index.js';

function declare(program: CommandUnknownOpts) {
  const [productionUrl, sandboxUrl] = notificationUrlOptions('production notification URL to check', 'sandbox notification URL to check');
  const cmd = program
    .command('doctor')
    .description('Run every check your configuration allows and summarise, one line per check.')
    .addOption(new Option('--send', 'also ask Apple (sandbox) for a TEST notification and wait for the attempt'))
    .addOption(productionUrl.default(undefined, 'from the config file'))
    .addOption(sandboxUrl.default(undefined, 'from the config file'))
    .addOption(caOption('trust this CA for the URL checks, to rehearse against a local receiver; repeatable'))
    .addOption(allowPrivateOption('private and loopback addresses are warnings, not failures (local rehearsal)'))
    .addOption(timeoutOption('limit for each network step', 10))
    .addOption(waitOption('--wait <seconds>', 'with --send: how long to wait for Apple’s attempt', '60').default(60_000, '60'));
  return withAscOptions(withCredentialOptions(cmd));
}
export type DoctorOptions = OptionsOf<ReturnType<typeof declare>>;

export function define(program: CommandUnknownOpts): void {
  declare(program)
    .addHelpText(
      'after',
      `
Checks, in order: config file; issuer ID, key ID, key file, bundle ID; a freshly signed token against
Apple's rules; with an App Store Connect API key (--asc-key, ASN_ASC_*), the notification URLs App Store
Connect really has (a different local URL is a finding); the sandbox API (and production, with --env
production) accepts the credentials; this clock against the API's; check-url on the production and
sandbox notification URLs, each saying where it came from; with --send, a real sandbox TEST notification.

Exit codes: 0 no problems (warnings allowed) · 1 at least one ✗ · 2 nothing configured at all ·
3 could not finish: no ✗, but some checks could not be made from here (no network, no DNS, the API
unreachable or answering 5xx).

Examples:
  asn-doctor doctor
  asn-doctor doctor --send
  ASN_ISSUER_ID=... ASN_KEY_ID=... ASN_PRIVATE_KEY="$P8" ASN_BUNDLE_ID=com.example.app asn-doctor doctor --json`,
    )
    .action(lazyAction(() => import('./run.js')));
}
