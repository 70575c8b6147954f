import { Option, type Command } from 'commander';
import { addCredentialOptions } from '../credential-options.js';
import { lazyAction } from '../context.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function define(program: Command): void {
  const cmd = program
    .command('doctor')
    .description('Run every check your configuration allows and summarise, one line per check.')
    .option('--send', 'also ask Apple (sandbox) for a TEST notification and wait for the attempt')
    .addOption(new Option('--production-url <url>', 'production notification URL to check').default(undefined, 'from the config file'))
    .addOption(new Option('--sandbox-url <url>', 'sandbox notification URL to check').default(undefined, 'from the config file'))
    .option('--ca <file>', 'trust this CA for the URL checks, to rehearse against a local receiver; repeatable', collect)
    .option('--allow-private', 'private and loopback addresses are warnings, not failures (local rehearsal)')
    .option('--timeout <seconds>', 'limit for each network step', '10')
    .option('--wait <seconds>', 'with --send: how long to wait for Apple’s attempt', '60');
  addCredentialOptions(cmd)
    .addHelpText(
      'after',
      `
Checks, in order: config file; issuer ID, key ID, key file, bundle ID; a freshly signed token against
Apple's rules; the sandbox API (and production, with --env production) accepts the credentials; this
clock against the API's; check-url on the production and sandbox notification URLs; with --send, a real
sandbox TEST notification.

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
