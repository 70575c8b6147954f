import type { Command } from 'commander';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  program
    .command('token')
    .description("Sign an App Store Server API JWT from your .p8 key; 'token inspect' explains an existing one.")
    .action(lazyAction(() => import('./run.js')));
}
