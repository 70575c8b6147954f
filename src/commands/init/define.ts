import type { Command } from 'commander';
import { addCredentialOptions } from '../credential-options.js';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  const cmd = program
    .command('init')
    .description('Save credentials and notification URLs to the config file: asks on a terminal; without one, takes them as flags.')
    .option('--production-url <url>', 'production notification URL to save')
    .option('--sandbox-url <url>', 'sandbox notification URL to save (if none, sandbox goes to production)')
    .option('--allow-private', 'accept URLs on names that are not public (localhost, *.test…), for local rehearsal');
  addCredentialOptions(cmd)
    .addHelpText(
      'after',
      `
On a terminal, asks for each value the flags did not give: the key file, key ID, issuer ID, bundle ID,
app Apple ID, environment and notification URLs. Every value, typed or given as a flag, is checked with
the rules the other commands apply (a key that loads, the ID formats, check-url's URL rules), and the
config file is written with mode 600. It holds the key's path, never the key.

Without a terminal (CI, a script) it asks nothing: --key, --issuer-id and --bundle-id are needed (the
key ID comes from SubscriptionKey_<KEYID>.p8 unless --key-id says otherwise; values already in the file
are kept). A refused value ends with exit 2 and nothing written.

Examples:
  cd ~/keys && asn-doctor init          # offers SubscriptionKey_*.p8 found here
  asn-doctor init --key SubscriptionKey_2X9R4HXF34.p8 --issuer-id 57246542-96fe-1a63-e053-0824d011072a \\
    --bundle-id com.example.app --production-url https://example.com/apple/notifications < /dev/null
  asn-doctor init --config ./asn-doctor.json`,
    )
    .action(lazyAction(() => import('./run.js')));
}
