import type { Command } from 'commander';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  program
    .command('test-status <token>')
    .description("Look up the delivery status of an earlier test notification.")
    .action(lazyAction(() => import('./run.js')));
}
