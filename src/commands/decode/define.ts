import type { Command } from 'commander';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  program
    .command('decode [input]')
    .description("Decode and verify a signed payload, a notification body, an API response or a file of many.")
    .action(lazyAction(() => import('./run.js')));
}
