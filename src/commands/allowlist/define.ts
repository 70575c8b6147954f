import type { Command } from 'commander';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  program
    .command('allowlist [target]')
    .description("Snippets for letting Apple's 17.0.0.0/8 through your firewall, WAF or CDN; --check <ip>.")
    .option('--check <ip>', 'say whether an address is inside 17.0.0.0/8 (exit 0 inside, 1 outside)')
    .option('--path <path>', 'the notification path used in the snippets', '/apple/notifications')
    .option('--port <port>', 'the port used in port-wide snippets', '443')
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
