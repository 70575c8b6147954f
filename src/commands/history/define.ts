import type { Command } from 'commander';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  program
    .command('history')
    .description("Get Notification History: what Apple sent and how each attempt went.")
    .action(lazyAction(() => import('./run.js')));
}
