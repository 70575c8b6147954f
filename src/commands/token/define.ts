import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { lazyAction, type ArgsOf, type OptionsOf } from '../context.js';
import { pathOption, ttlOption, withAscOptions, withCredentialOptions } from '../options/index.js';

function declareToken(program: CommandUnknownOpts) {
  const token = program
    .command('token')
    .description("Sign an App Store Server API JWT from your .p8 key (--asc: an App Store Connect API one); 'token inspect' explains an existing one.")
    .addOption(ttlOption())
    .addOption(new Option('--asc', 'sign an App Store Connect API token with the App Store Connect API key instead (--ttl at most 20)'))
    // `token inspect --key` is inspect's own --key, not token's.
    .enablePositionalOptions();
  return withAscOptions(withCredentialOptions(token));
}
export type TokenOptions = OptionsOf<ReturnType<typeof declareToken>>;

function declareInspect(token: CommandUnknownOpts) {
  return token
    .command('inspect [jwt]')
    .description("List every problem of a token against Apple's rules (reads stdin when no token is given).")
    .addOption(pathOption('--key <path>', 'also check the signature: the .p8 key, its public key (PEM) or a certificate', 'SubscriptionKey_2X9R4HXF34.p8'))
    .addOption(
      new Option('--as <api>', 'check it as a token for this API: server (App Store Server API) or asc (App Store Connect API)')
        .choices(['server', 'asc'] as const)
        .default(undefined, 'recognised from its claims'),
    );
}
export type TokenInspectOptions = OptionsOf<ReturnType<typeof declareInspect>>;
export type TokenInspectArgs = ArgsOf<ReturnType<typeof declareInspect>>;

export function define(program: CommandUnknownOpts): void {
  const token = declareToken(program);
  token
    .addHelpText(
      'after',
      `
Prints only the token and a newline on stdout, so it can be used inline:
  curl -H "Authorization: Bearer $(asn-doctor token)" https://api.storekit-sandbox.apple.com/inApps/v1/notifications/test -X POST

Examples:
  asn-doctor token --key SubscriptionKey_2X9R4HXF34.p8 --issuer-id 57246542-96fe-1a63-e053-0824d011072a --bundle-id com.example.app
  asn-doctor token --ttl 20 --json          # also show the decoded header and claims
  asn-doctor token --asc --asc-key AuthKey_ABCDE12345.p8 --asc-issuer-id 57246542-96fe-1a63-e053-0824d011072a
  asn-doctor token inspect "$TOKEN" --key SubscriptionKey_2X9R4HXF34.p8`,
    )
    .action(lazyAction(() => import('./run.js')));

  declareInspect(token)
    .addHelpText(
      'after',
      `
Recognises both kinds of token and checks each against its own rules: App Store Server API tokens
(bid, at most 60 minutes) and App Store Connect API tokens (iss or sub "user", no bid, at most 20
minutes). A token with neither bid nor sub/scope is checked as an App Store Server API token unless
--as asc (or an AuthKey_*.p8 --key) says otherwise.

Exit code 1 when a rule fails (Apple would answer 401), 0 otherwise.

Examples:
  asn-doctor token inspect eyJhbGciOiJFUzI1NiIs...
  pbpaste | asn-doctor token inspect --key SubscriptionKey_2X9R4HXF34.p8
  asn-doctor token inspect "Authorization: Bearer eyJ..." --json`,
    )
    .action(lazyAction(() => import('./inspect-run.js')));
}
