import type { Command } from 'commander';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  program
    .command('allowlist [target]')
    .description("Snippets for letting Apple's 17.0.0.0/8 through your firewall, WAF or CDN; --check <ip>.")
    .action(lazyAction(() => import('./run.js')));
}
