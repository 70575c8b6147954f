import type { Command } from 'commander';
import { lazyAction } from '../context.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function define(program: Command): void {
  program
    .command('check-url <url>')
    .description("Will Apple be able to deliver notifications to this URL? URL, DNS, TCP, TLS, certificate, a real POST.")
    .option('--timeout <seconds>', 'limit per phase (DNS, connect, TLS, each request from connect to last byte); the whole check ends within 4 times this', '10')
    .option('--resolve <host:port:addr>', 'connect to ADDR for HOST:PORT instead of resolving it, like curl (repeatable)', collect)
    .option('--ca <file>', 'also trust this CA (PEM) while rehearsing; the report still says Apple will not trust it', collect)
    .option('--allow-private', 'contact private and loopback addresses (local rehearsal; they become warnings); without it they are never contacted')
    .option('--no-probe', 'skip the POST probes (URL, DNS, TCP, TLS and certificate only)')
    .option('-v, --verbose', 'show the explanation under passing checks too')
    .addHelpText(
      'after',
      `
The probe POSTs a small and a ~24 KB JSON body shaped like a notification but unsigned and marked
(header x-asn-doctor-probe: 1); a handler that verifies signatures will reject it, which is expected.

Exit codes: 0 Apple should be able to deliver · 1 it will not · 2 unusable argument · 3 could not test here

Examples:
  $ asn-doctor check-url https://example.com/apple/notifications
  $ asn-doctor check-url https://hooks.example.com/asn --resolve hooks.example.com:443:203.0.113.7
  $ asn-doctor check-url https://localhost:8443/asn --ca ./dev-ca.pem --allow-private
  $ asn-doctor check-url https://example.com/asn --json | jq .predictedResult`,
    )
    .action(lazyAction(() => import('./run.js')));
}
