import type { Command } from 'commander';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  program
    .command('trigger <type>')
    .description("Sign one notification of any type and deliver it to a URL, as Apple would.")
    .action(lazyAction(() => import('./run.js')));
}
