import type { Command } from 'commander';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  program
    .command('listen')
    .description("Receive notifications locally: verify and show each one; optionally forward it to your handler.")
    .action(lazyAction(() => import('./run.js')));
}
