import type { Command } from 'commander';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  program
    .command('check-url <url>')
    .description("Will Apple be able to deliver notifications to this URL? URL, DNS, TCP, TLS, certificate, a real POST.")
    .action(lazyAction(() => import('./run.js')));
}
