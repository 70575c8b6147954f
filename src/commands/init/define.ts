import type { Command } from 'commander';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  program
    .command('init')
    .description("Set up credentials and notification URLs interactively (TTY only).")
    .action(lazyAction(() => import('./run.js')));
}
