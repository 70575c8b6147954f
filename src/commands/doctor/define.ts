import type { Command } from 'commander';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  program
    .command('doctor')
    .description("Run every check your configuration allows and summarise, one line per check.")
    .action(lazyAction(() => import('./run.js')));
}
