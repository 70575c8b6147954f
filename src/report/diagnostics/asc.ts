import type { DiagnosticDef } from './types.js';

// Wording for the App Store Connect API: its key (beside the In-App Purchase key), its tokens, its
// answers, and the notification URL settings `urls`, `urls set`, `urls check` and `doctor` read and write.
const ASC_KEY_PAGE = 'App Store Connect > Users and Access > Integrations > App Store Connect API';
const ROLE = 'Admin or App Manager';

const credentials = [
  {
    id: 'asc.credentials.missing',
    severity: 'fail',
    title: 'missing App Store Connect API credentials: {list}',
    fix: `Pass the flags, set the variables, or run \`asn-doctor init\` and add the key to {configPath}. The key (AuthKey_<KEYID>.p8) comes from ${ASC_KEY_PAGE}; it is not the In-App Purchase key.`,
  },
  {
    id: 'asc.format.key-id',
    severity: 'fail',
    title: 'App Store Connect key ID "{value}" (from {origin}) is not 10 upper-case letters and digits',
    fix: `Copy the Key ID shown next to the key at ${ASC_KEY_PAGE} (it is also in the file name AuthKey_<KEYID>.p8).`,
  },
  {
    id: 'asc.format.url',
    severity: 'fail',
    title: 'App Store Connect API URL "{value}" (from {origin}) is not an http(s) URL',
    fix: "Leave it unset for Apple's https://api.appstoreconnect.apple.com, or give the emulator's ascUrl, e.g. http://127.0.0.1:8760/asc.",
  },
  {
    id: 'asc.key.iap-file-name',
    severity: 'warn',
    title: '{file} looks like an In-App Purchase key, not an App Store Connect API key',
    explain: 'In-App Purchase keys (SubscriptionKey_*.p8) sign App Store Server API tokens only; App Store Connect answers 401 NOT_AUTHORIZED to them. The file name is only a hint.',
    fix: `Use an App Store Connect API key (AuthKey_<KEYID>.p8) from ${ASC_KEY_PAGE}.`,
  },
  {
    id: 'asc.key.is-iap-key',
    severity: 'fail',
    title: 'the App Store Connect API key ({ascOrigin}) is the In-App Purchase key ({iapOrigin})',
    explain:
      'Apple has two kinds of keys. The In-App Purchase key signs App Store Server API tokens (send-test, history); an App Store Connect API key signs App Store Connect tokens (urls). Each API answers 401 to the other kind.',
    fix: `Create an App Store Connect API key with the ${ROLE} role at ${ASC_KEY_PAGE} and pass it with --asc-key (its ID with --asc-key-id, the issuer ID with --asc-issuer-id).`,
  },
  {
    id: 'auth.key.is-asc-key',
    severity: 'fail',
    title: 'the In-App Purchase key ({iapOrigin}) is the App Store Connect API key ({ascOrigin})',
    explain:
      'Apple has two kinds of keys. The In-App Purchase key signs App Store Server API tokens (send-test, history); an App Store Connect API key signs App Store Connect tokens (urls). Each API answers 401 to the other kind.',
    fix: 'Give the In-App Purchase key (SubscriptionKey_<KEYID>.p8, from App Store Connect > Users and Access > Integrations > In-App Purchase) with --key, its ID with --key-id.',
  },
  {
    id: 'asc.key.iap-file',
    severity: 'fail',
    title: '{file} ({origin}) is named like an In-App Purchase key, and no App Store Connect key ID was given',
    explain: 'In-App Purchase keys (SubscriptionKey_*.p8) sign App Store Server API tokens only; App Store Connect answers 401 NOT_AUTHORIZED to them.',
    fix: `Give an App Store Connect API key (AuthKey_<KEYID>.p8, from ${ASC_KEY_PAGE}); if this file really is one, pass its ID with --asc-key-id.`,
  },
  {
    id: 'config.asc-key-in-file',
    severity: 'fail',
    title: "the config file {path} holds an App Store Connect private key; it may hold only the key's path",
    fix: 'Save the key as AuthKey_<KEYID>.p8 (mode 600), set "ascPrivateKeyPath" to that file and remove "ascPrivateKey".',
  },
  {
    id: 'asc.token.ttl',
    severity: 'fail',
    title: '--ttl {ttl} is more than App Store Connect allows with --asc: at most 20 minutes',
    fix: 'Use --ttl between 1 and 20 with --asc (default 5): App Store Connect refuses a token that expires more than 20 minutes ahead.',
  },
  {
    id: 'init.asc-key-text',
    severity: 'fail',
    title: '{origin} holds the key text; the config file stores only the path of the key file',
    fix: 'Save the key as AuthKey_<KEYID>.p8 (mode 600) and give that file\'s path.',
  },
] as const satisfies readonly DiagnosticDef[];

const tokenRules = [
  { id: 'asc.jwt.kind', severity: 'info', title: 'an App Store Connect API token ({from})' },
  { id: 'asc.jwt.team', severity: 'pass', title: 'iss {iss} (a team key)' },
  { id: 'asc.jwt.individual', severity: 'pass', title: 'sub "user" and no iss (an individual key)' },
  {
    id: 'asc.jwt.iss-and-sub',
    severity: 'fail',
    title: 'both iss and sub ({sub}): a team key\'s token carries iss only, an individual key\'s "sub": "user" only',
    fix: 'Team key: keep iss (the issuer ID) and drop sub. Individual key: keep "sub": "user" and drop iss.',
  },
  { id: 'asc.jwt.sub', severity: 'fail', title: 'sub is {sub}; an individual key\'s token carries "sub": "user"', fix: 'Set "sub": "user" for an individual key, or iss (the issuer ID) instead for a team key.' },
  {
    id: 'asc.jwt.identity-missing',
    severity: 'fail',
    title: 'neither iss (a team key) nor sub "user" (an individual key)',
    fix: `Team key: set iss to the Issuer ID shown at ${ASC_KEY_PAGE}. Individual key: set "sub": "user".`,
  },
  { id: 'asc.jwt.iss-format', severity: 'fail', title: 'iss "{iss}" is not an issuer ID (a UUID)', fix: `Set iss to the Issuer ID shown above the team keys at ${ASC_KEY_PAGE}.` },
  {
    id: 'asc.jwt.bid',
    severity: 'warn',
    title: 'bid {bid}: App Store Connect ignores it (it belongs in App Store Server API tokens)',
    fix: 'Check this is the token you meant: App Store Server API tokens carry bid and are signed with the In-App Purchase key; App Store Connect tokens have no bid.',
  },
  { id: 'asc.jwt.scope', severity: 'info', title: 'scope limits the token to: {scope}' },
  { id: 'asc.jwt.scope-format', severity: 'fail', title: 'scope is {scope}; it must be a list of operations such as ["GET /v1/apps"]', fix: 'Write scope as a JSON array of strings, or leave it out.' },
  { id: 'asc.jwt.lifetime-ok', severity: 'pass', title: 'lifetime {minutes} min (at most {max})' },
  {
    id: 'asc.jwt.lifetime',
    severity: 'fail',
    title: 'lifetime is {minutes} min; App Store Connect allows at most {max} (exp - iat <= 1200 s)',
    fix: 'Set exp at most 20 minutes after iat; `asn-doctor token --asc` signs 5-minute tokens.',
  },
  {
    id: 'asc.jwt.exp-too-far',
    severity: 'fail',
    title: 'exp is {ahead} ahead; App Store Connect refuses tokens that expire more than {max} minutes into the future',
    explain: 'Apple accepts longer lifetimes only for a few read-only resources, with a scope; never for changing an app.',
    fix: 'Sign a fresh token whose exp is at most 20 minutes ahead.',
  },
] as const satisfies readonly DiagnosticDef[];

const answers = [
  {
    id: 'asc.http.401',
    severity: 'fail',
    title: 'App Store Connect answered 401 {code}: it did not accept the App Store Connect API token',
    explain:
      'The usual causes, most likely first: an In-App Purchase key used instead of an App Store Connect API key; a key ID that is not this key\'s; a team key without its issuer ID, or an individual key with one; a revoked key; this clock minutes off.',
    fix: 'Check --asc-key, --asc-key-id and --asc-issuer-id (leave the issuer ID out only for an individual key); `asn-doctor token --asc | asn-doctor token inspect --as asc` checks the token itself.',
  },
  {
    id: 'asc.http.403',
    severity: 'fail',
    title: 'App Store Connect answered 403 {code}: this key may not {action} ({detail})',
    explain: `An App Store Connect API key acts with its role. Changing an app's notification URLs needs ${ROLE}; a team key's role is fixed when it is created, an individual key has its user's roles.`,
    fix: `Nothing was changed. Use a team key with the ${ROLE} role (${ASC_KEY_PAGE}), or give your user that role for an individual key.`,
  },
  {
    id: 'asc.http.404',
    severity: 'fail',
    title: 'App Store Connect answered 404 {code}: {detail}',
    fix: 'Check --app-apple-id (the numeric Apple ID on the App Information page) and that the key may see this app; check --asc-url.',
  },
  {
    id: 'asc.http.refused-value',
    severity: 'fail',
    title: 'App Store Connect refused the request: {status} {code}{pointer}: {detail}',
    fix: 'Nothing was changed. Fix the value Apple names; Apple takes https URLs on port 443 or 1024 and above, and versions V1 or V2.',
  },
  {
    id: 'asc.http.429',
    severity: 'fail',
    title: 'App Store Connect answered 429 {code}: the key is over its hourly request limit ({rateLimit})',
    fix: 'Wait: the limit is per key, over a rolling hour, and every tool using the same key counts.',
  },
  {
    id: 'asc.http.5xx',
    severity: 'fail',
    title: 'App Store Connect answered {status} {code}: {detail}',
    fix: 'Apple is having trouble; try again later (https://developer.apple.com/system-status/).',
  },
  {
    id: 'asc.http.status',
    severity: 'fail',
    title: '{method} {url} answered {status} {code}{body}',
    fix: 'Check --asc-url (ASN_ASC_URL) points at the App Store Connect API or the emulator; run with --debug.',
  },
  {
    id: 'asc.network',
    severity: 'fail',
    title: 'no answer from App Store Connect at {host}: {reason}',
    fix: 'Check the network path to {host} (and --asc-url or ASN_ASC_URL); run with --debug for timings.',
  },
  {
    id: 'asc.response',
    severity: 'fail',
    title: '{url} answered {status} with something that is not App Store Connect\'s JSON: {detail}',
    fix: 'Check --asc-url (ASN_ASC_URL) points at the App Store Connect API or the emulator, not a web page or a proxy.',
  },
] as const satisfies readonly DiagnosticDef[];

const apps = [
  {
    id: 'urls.app-missing',
    severity: 'fail',
    title: 'which app? No bundle ID and no app Apple ID given',
    fix: 'Pass --bundle-id (or --app-apple-id), set ASN_BUNDLE_ID, or save it with `asn-doctor init` ({configPath}).',
  },
  {
    id: 'urls.app.unknown-bundle-id',
    severity: 'fail',
    title: 'App Store Connect has no app with bundle ID {bundleId} that this key can see{near}',
    fix: 'Use the bundle ID exactly as on the App Information page (case-sensitive, no Team ID), check the key may see the app, or pass --app-apple-id.',
  },
  {
    id: 'urls.app.unknown-app-id',
    severity: 'fail',
    title: 'App Store Connect has no app with Apple ID {appAppleId} that this key can see',
    fix: 'Use the numeric Apple ID from App Store Connect > your app > App Information, and check the key may see the app.',
  },
  { id: 'urls.app.ambiguous', severity: 'fail', title: '{count} apps have bundle ID {bundleId}: {candidates}', fix: 'Pass --app-apple-id with the Apple ID of the one you mean.' },
  {
    id: 'urls.app.bundle-id-mismatch',
    severity: 'fail',
    title: 'app {appAppleId} has bundle ID {actual}, not {bundleId}',
    fix: 'Pass the Apple ID of the app with bundle ID {bundleId}, or only one of --bundle-id and --app-apple-id.',
  },
] as const satisfies readonly DiagnosticDef[];

const settings = [
  {
    id: 'urls.none',
    severity: 'fail',
    title: 'App Store Connect has no notification URL for this app: Apple sends nothing, in either environment',
    fix: 'Set one: asn-doctor urls set --production https://your.server/apple/notifications (sandbox then falls back to it).',
  },
  {
    id: 'urls.production-missing',
    severity: 'warn',
    title: 'only a Sandbox URL is set ({sandboxUrl}): production notifications go nowhere',
    explain: 'Sandbox falls back to the Production URL, never the other way round.',
    fix: 'Set the Production URL before your first release: asn-doctor urls set --production <url>.',
  },
  { id: 'urls.set', severity: 'pass', title: '{environment} URL {url} ({version})' },
  {
    id: 'urls.sandbox-falls-back',
    severity: 'info',
    title: 'no Sandbox URL: sandbox notifications go to the Production URL {productionUrl}',
    explain: 'The production server then receives environment "Sandbox" notifications too, and must answer them with 2xx.',
  },
  { id: 'urls.url-refused', severity: 'fail', title: '{environment} URL {url}: Apple cannot deliver there ({reason})', fix: 'Set an https:// URL on port 443 or 1024 and above: asn-doctor urls set.' },
  {
    id: 'urls.version-v1',
    severity: 'warn',
    title: '{environment} URL is set to version 1 notifications, which Apple deprecated',
    explain: 'TEST notifications (send-test) are always version 2, so a passing send-test does not show what a version 1 endpoint receives; notification history covers version 2 URLs only.',
    fix: 'Move the endpoint to version 2, then: asn-doctor urls set --version V2.',
  },
  { id: 'urls.version-unknown', severity: 'warn', title: '{environment} URL has version "{version}"; Apple knows V1 and V2', fix: 'Set the version: asn-doctor urls set --version V2.' },
  {
    id: 'urls.production-looks-like-staging',
    severity: 'warn',
    title: 'the Production URL {url} looks like a test system',
    fix: 'Check it is the server that handles real purchases; point sandbox at a test system with --sandbox.',
  },
  {
    id: 'urls.same-url',
    severity: 'info',
    title: 'production and sandbox use the same URL {url}',
    explain: 'That works: the environment field of each payload tells them apart.',
  },
] as const satisfies readonly DiagnosticDef[];

const setting = [
  { id: 'urls.set.nothing', severity: 'fail', title: 'nothing to set', fix: 'Pass --production <url>, --sandbox <url>, --clear-sandbox or --version V1|V2.' },
  { id: 'urls.set.clear-and-sandbox', severity: 'fail', title: '--clear-sandbox and --sandbox contradict each other', fix: 'Pass one of them.' },
  { id: 'urls.set.url-refused', severity: 'fail', title: '{flag} {url}: {reason}; nothing was written', fix: '{fix}' },
  { id: 'urls.rehearsal', severity: 'warn', title: '{url}: accepted for a local rehearsal (--allow-private); Apple would refuse it ({reason})' },
  {
    id: 'urls.set.needs-yes',
    severity: 'fail',
    title: 'no terminal to confirm on, and --yes not given: nothing was written',
    fix: 'Look at the change with --dry-run, then run again with --yes.',
  },
  { id: 'urls.set.unchanged', severity: 'pass', title: 'App Store Connect already has these settings: nothing to change' },
  { id: 'urls.set.dry-run', severity: 'info', title: 'dry run: nothing was written' },
  { id: 'urls.set.declined', severity: 'info', title: 'not confirmed: nothing was written' },
  { id: 'urls.set.written', severity: 'pass', title: 'written, and read back from App Store Connect' },
  { id: 'urls.set.written-unread', severity: 'warn', title: 'App Store Connect accepted the change; reading it back failed ({reason})', fix: 'Run `asn-doctor urls` to see the settings.' },
  { id: 'urls.set.applied-after-failure', severity: 'warn', title: 'the change got no answer ({reason}), but reading the app back shows it took effect' },
  {
    id: 'urls.set.not-applied',
    severity: 'fail',
    title: 'the change got no answer ({reason}), and reading the app back shows the old settings: nothing changed',
    fix: 'Run the same command again; `asn-doctor urls` shows the settings as they are.',
  },
  {
    id: 'urls.set.unknown',
    severity: 'fail',
    title: 'the change got no answer ({reason}), and the app could not be read back ({readBackReason}): whether it took effect is not known',
    fix: 'Run `asn-doctor urls` once App Store Connect answers again to see which settings are in place.',
  },
  {
    id: 'urls.set.differs',
    severity: 'fail',
    title: 'App Store Connect accepted the change but reads back something else: {details}',
    fix: 'Run `asn-doctor urls` to see the settings; someone may have changed them at the same time.',
  },
  {
    id: 'urls.set.check-refused',
    severity: 'fail',
    title: '{url} did not pass check-url ({verdict}): nothing was written',
    fix: 'Fix what check-url reports (`asn-doctor check-url {url}`), or write it anyway with --force.',
  },
  { id: 'urls.set.check-forced', severity: 'warn', title: '{url} did not pass check-url ({verdict}); written anyway (--force)' },
  { id: 'urls.set.check-ok', severity: 'pass', title: '{url} passed check-url: Apple should be able to deliver' },
  { id: 'urls.next.send-test', severity: 'info', title: 'prove delivery: asn-doctor send-test --env {environment} (or add --send)' },
  { id: 'urls.check.same-url', severity: 'info', title: 'the Sandbox URL is the Production URL: checked once' },
] as const satisfies readonly DiagnosticDef[];

const doctor = [
  { id: 'doctor.asc.key', severity: 'pass', title: 'App Store Connect API key {keyId} ({kind} key, from {source})' },
  {
    id: 'doctor.asc.none',
    severity: 'info',
    title: 'no App Store Connect API key: the URLs checked are the ones given here, not necessarily what Apple uses',
    fix: 'Add one (`asn-doctor init`, or --asc-key) so doctor reads the URLs App Store Connect really has.',
  },
  { id: 'doctor.asc.read', severity: 'pass', title: 'App Store Connect: {name} ({bundleId}, Apple ID {id}) read' },
  { id: 'doctor.asc.failed', severity: 'fail', title: 'could not read the URLs from App Store Connect: {reason}', fix: '{fix}' },
  {
    id: 'doctor.asc.differs',
    severity: 'warn',
    title: '{environment} URL differs: App Store Connect has {asc}, {localFrom} says {local}',
    fix: 'Apple delivers to the App Store Connect URL: update {localFrom}, or set it with `asn-doctor urls set`.',
  },
  { id: 'doctor.url.sandbox-falls-back', severity: 'info', title: 'no Sandbox URL ({from}): sandbox notifications go to the Production URL, checked above' },
] as const satisfies readonly DiagnosticDef[];

export const ascDiagnostics = [...credentials, ...tokenRules, ...answers, ...apps, ...settings, ...setting, ...doctor] as const satisfies readonly DiagnosticDef[];
