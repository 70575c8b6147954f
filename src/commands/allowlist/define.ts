import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { lazyAction, type ArgsOf, type OptionsOf } from '../context.js';
import { portOption } from '../options/index.js';

function declare(program: CommandUnknownOpts) {
  return program
    .command('allowlist [target]')
    .description("Snippets for letting Apple's 17.0.0.0/8 through your firewall, WAF or CDN; --check <ip>.")
    .addOption(new Option('--check <ip>', 'say whether an address is inside 17.0.0.0/8 (exit 0 inside, 1 outside)'))
    .addOption(new Option('--path <path>', 'the notification path used in the snippets').default('/apple/notifications'))
    .addOption(portOption('the port used in port-wide snippets', 443, 1));
}
export type AllowlistOptions = OptionsOf<ReturnType<typeof declare>>;
export type AllowlistArgs = ArgsOf<ReturnType<typeof declare>>;

export function define(program: CommandUnknownOpts): void {
  declare(program)
    .addHelpText(
      'after',
      `
Targets: nginx, apache, aws-sg, aws-waf, cloudflare, gcp, iptables, nftables, kubernetes, or all (default: all)

Examples:
  $ asn-doctor allowlist nginx --path /webhooks/apple
  $ asn-doctor allowlist cloudflare
  $ asn-doctor allowlist --check 17.58.1.2
  $ asn-doctor allowlist --json | jq -r '.snippets[] | select(.id=="aws-waf") | .text'`,
    )
    .action(lazyAction(() => import('./run.js')));
}
