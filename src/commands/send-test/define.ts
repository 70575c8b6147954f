import type { Command } from 'commander';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  program
    .command('send-test')
    .description("Ask Apple for a TEST notification, wait for the attempt, explain the result.")
    .action(lazyAction(() => import('./run.js')));
}
