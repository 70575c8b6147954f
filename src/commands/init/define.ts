import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { lazyAction, type OptionsOf } from '../context.js';
import { allowPrivateOption, notificationUrlOptions, withAscOptions, withCredentialOptions } from '../options/index.js';

function declare(program: CommandUnknownOpts) {
  const [productionUrl, sandboxUrl] = notificationUrlOptions(
    'production notification URL to save',
    'sandbox notification URL to save (if none, sandbox goes to production)',
  );
  const cmd = program
    .command('init')
    .description('Save credentials and notification URLs to the config file: asks on a terminal; without one, takes them as flags.')
    .addOption(productionUrl)
    .addOption(sandboxUrl)
    .addOption(allowPrivateOption('accept URLs on names that are not public (localhost, *.test…), for local rehearsal'));
  return withAscOptions(withCredentialOptions(cmd));
}
export type InitOptions = OptionsOf<ReturnType<typeof declare>>;

export function define(program: CommandUnknownOpts): void {
  declare(program)
    .addHelpText(
      'after',
      `
On a terminal, asks for each value the flags did not give: the key file, key ID, issuer ID, bundle ID,
app Apple ID, environment and notification URLs; then, optionally, an App Store Connect API key
(AuthKey_<KEYID>.p8, for \`urls\` and \`doctor\` to read and set the URLs App Store Connect has). Every
value, typed or given as a flag, is checked with the rules the other commands apply (a key that loads,
the ID formats, check-url's URL rules; the In-App Purchase key is refused as the App Store Connect
key), and the config file is written with mode 600. It holds the keys' paths, never a key.

Without a terminal (CI, a script) it asks nothing: --key, --issuer-id and --bundle-id are needed (the
key ID comes from SubscriptionKey_<KEYID>.p8 unless --key-id says otherwise; values already in the file
are kept). The App Store Connect key is taken from --asc-key (its ID from AuthKey_<KEYID>.p8 unless
--asc-key-id says otherwise; --asc-issuer-id for a team key). A refused value ends with exit 2 and
nothing written.

Examples:
  cd ~/keys && asn-doctor init          # offers SubscriptionKey_*.p8 found here
  asn-doctor init --key SubscriptionKey_2X9R4HXF34.p8 --issuer-id 57246542-96fe-1a63-e053-0824d011072a \\
    --bundle-id com.example.app --production-url https://example.com/apple/notifications < /dev/null
  asn-doctor init --config ./asn-doctor.json`,
    )
    .action(lazyAction(() => import('./run.js')));
}
