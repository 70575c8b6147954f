import type { Command } from 'commander';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  program
    .command('demo')
    .description("Run the whole loop on this machine: emulator, receiver, check-url, token, send-test, decode.")
    .action(lazyAction(() => import('./run.js')));
}
