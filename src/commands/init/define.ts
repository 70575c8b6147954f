import type { Command } from 'commander';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  program
    .command('init')
    .description('Set up credentials and notification URLs interactively (TTY only).')
    .option('--config <path>', 'where to write the config file (env ASN_CONFIG; default ~/.config/asn-doctor/config.json)')
    .addHelpText(
      'after',
      `
Asks for the key file, key ID, issuer ID, bundle ID, app Apple ID, environment and notification URLs,
checks each answer, and writes the config file with mode 600. The file holds the key's path, never
the key. Without a terminal it stops and lists the flags and ASN_* variables to use instead.

Examples:
  cd ~/keys && asn-doctor init          # offers SubscriptionKey_*.p8 found here
  asn-doctor init --config ./asn-doctor.json`,
    )
    .action(lazyAction(() => import('./run.js')));
}
