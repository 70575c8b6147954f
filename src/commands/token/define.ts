import type { Command } from 'commander';
import { addCredentialOptions } from '../credential-options.js';
import { lazyAction } from '../context.js';

export function define(program: Command): void {
  const token = program
    .command('token')
    .description("Sign an App Store Server API JWT from your .p8 key; 'token inspect' explains an existing one.")
    .option('--ttl <minutes>', 'lifetime in minutes, 1 to 60', '5')
    // `token inspect --key` is inspect's own --key, not token's.
    .enablePositionalOptions();
  addCredentialOptions(token)
    .addHelpText(
      'after',
      `
Prints only the token and a newline on stdout, so it can be used inline:
  curl -H "Authorization: Bearer $(asn-doctor token)" https://api.storekit-sandbox.apple.com/inApps/v1/notifications/test -X POST

Examples:
  asn-doctor token --key SubscriptionKey_2X9R4HXF34.p8 --issuer-id 57246542-96fe-1a63-e053-0824d011072a --bundle-id com.example.app
  asn-doctor token --ttl 20 --json          # also show the decoded header and claims
  asn-doctor token inspect "$TOKEN" --key SubscriptionKey_2X9R4HXF34.p8`,
    )
    .action(lazyAction(() => import('./run.js')));

  token
    .command('inspect [jwt]')
    .description("List every problem of a token against Apple's rules (reads stdin when no token is given).")
    .option('--key <path>', 'also check the signature: the .p8 key, its public key (PEM) or a certificate')
    .addHelpText(
      'after',
      `
Exit code 1 when a rule fails (Apple would answer 401), 0 otherwise.

Examples:
  asn-doctor token inspect eyJhbGciOiJFUzI1NiIs...
  pbpaste | asn-doctor token inspect --key SubscriptionKey_2X9R4HXF34.p8
  asn-doctor token inspect "Authorization: Bearer eyJ..." --json`,
    )
    .action(lazyAction(() => import('./inspect-run.js')));
}
