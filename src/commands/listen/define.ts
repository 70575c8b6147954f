import type { Command } from 'commander';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  program
    .command('listen')
    .description("Receive notifications locally: verify and show each one; optionally forward it to your handler.")
    .option('--port <n>', 'port to listen on (0 picks a free one)', '4141')
    .option('--host <address>', 'interface to bind (other machines can reach anything but loopback)', '127.0.0.1')
    .option('--tls', 'serve HTTPS with a certificate from a local CA (its PEM path is printed)')
    .option('--state-dir <dir>', 'where the local CA for --tls is kept (default: your config folder)')
    .option('--root <file>', 'also trust this root (PEM or DER), e.g. the emulator CA; repeatable', collect, [])
    .option('--forward-to <url>', 'relay each request (body and headers) to your handler; its answer goes back to the sender')
    .option('--forward-timeout <seconds>', 'how long to wait for your handler before answering 504', '10')
    .option('--respond <status>', 'status to answer when not forwarding, to rehearse failures', '200')
    .option('--max-body <bytes>', 'largest body accepted; larger ones get 413', String(1024 * 1024))
    .option('--verbose', 'show each notification in full')
    .addHelpText(
      'after',
      `
Examples:
  asn-doctor listen --tls --root ~/.config/asn-doctor/emulator/emulator-root-ca.pem
  asn-doctor listen --forward-to http://localhost:3000/apple/notifications
  asn-doctor listen --respond 500      # rehearse a failing server
  asn-doctor listen --json | jq .notification.notificationType

Binds to 127.0.0.1 unless --host says otherwise. Ctrl-C stops it.`,
    )
    .action(lazyAction(() => import('./run.js')));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
