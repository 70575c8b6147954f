import type { Command } from 'commander';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  program
    .command('emulator')
    .description("Run a local stand-in for Apple's App Store Server API and notification sender.")
    .action(lazyAction(() => import('./run.js')));
}
