import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { lazyAction, type OptionsOf } from '../context.js';
import { forwardTimeoutOption, integerOption, pathOption, portOption, rootOption, stateDirOption, urlOption, verboseOption } from '../options/index.js';

const DEFAULT_MAX_BODY = 1024 * 1024;

function declare(program: CommandUnknownOpts) {
  return program
    .command('listen')
    .description("Receive notifications locally: verify and show each one; optionally forward it to your handler.")
    .addOption(portOption('port to listen on (0 picks a free one)', 4141, 0))
    .addOption(new Option('--host <address>', 'interface to bind (other machines can reach anything but loopback)').default('127.0.0.1'))
    .addOption(new Option('--tls', 'serve HTTPS with a certificate from a local CA (its PEM path is printed)'))
    .addOption(stateDirOption('where the local CA for --tls is kept', 'your config folder'))
    .addOption(rootOption('also trust this root (PEM or DER), e.g. the emulator CA; repeatable'))
    .addOption(urlOption('--forward-to <url>', 'relay each request (body and headers) to your handler; its answer goes back to the sender', 'http://localhost:3000/apple/notifications'))
    .addOption(forwardTimeoutOption('how long to wait for your handler before answering 504', 10))
    // A 1xx is not a final answer: the sender would be left waiting or fail oddly.
    .addOption(integerOption('--respond <status>', 'status to answer when not forwarding, to rehearse failures', 200, 599).default(200, '200'))
    .addOption(integerOption('--max-body <bytes>', 'largest body accepted; larger ones get 413', 1024, 100 * 1024 * 1024).default(DEFAULT_MAX_BODY, String(DEFAULT_MAX_BODY)))
    .addOption(pathOption('--save <dir>', 'keep each notification body in this folder, one file each, exactly as it arrived (for replay --from)', 'received/'))
    .addOption(verboseOption('show each notification in full'));
}
export type ListenOptions = OptionsOf<ReturnType<typeof declare>>;

export function define(program: CommandUnknownOpts): void {
  declare(program)
    .addHelpText(
      'after',
      `
Examples:
  asn-doctor listen --tls --root ~/.config/asn-doctor/emulator/emulator-root-ca.pem
  asn-doctor listen --forward-to http://localhost:3000/apple/notifications
  asn-doctor listen --respond 500      # rehearse a failing server
  asn-doctor listen --save received/   # then: asn-doctor replay --from received/ --to URL
  asn-doctor listen --json | jq .notification.notificationType

Binds to 127.0.0.1 unless --host says otherwise. Ctrl-C stops it.`,
    )
    .action(lazyAction(() => import('./run.js')));
}
