import type { DiagnosticDef } from './types.js';

// Wording for `demo`: the heading and explanation of each step, and the closing advice.
export const demoDiagnostics = [
  {
    id: 'demo.intro',
    severity: 'info',
    title: 'asn-doctor demo: the whole App Store Server Notifications loop, on this machine only',
    explain: 'The emulator stands in for Apple (API and notification sender, signing with its own Apple-shaped CA); a `listen` receiver stands in for your server. Nothing here talks to Apple.',
  },
  {
    id: 'demo.step.setup',
    severity: 'info',
    title: 'Start the emulator and a TLS receiver',
    explain: 'Emulator (stands in for api.storekit-sandbox.apple.com): {emulatorUrl}\nReceiver (stands in for your notification URL): {receiverUrl}\nReceiver certificate from a local CA: {caPath}',
  },
  {
    id: 'demo.step.urls',
    severity: 'info',
    title: 'urls set: register the receiver as the Production URL, through the App Store Connect API',
    explain:
      'The emulator stands in for App Store Connect too, with its own App Store Connect key ({keyPath}), not the In-App Purchase key; the URL set there is where it delivers.\nNo Sandbox URL: sandbox notifications fall back to the Production URL {productionUrl}, as at Apple.\nYours: asn-doctor urls set --production https://your.server/path --check (with an App Store Connect key, role Admin or App Manager)',
  },
  {
    id: 'demo.step.check-url',
    severity: 'info',
    title: 'check-url {url} --ca <local CA> --allow-private',
    explain: 'Will the sender be able to deliver here? Apple would record: {result}.',
  },
  {
    id: 'demo.check-url.internet',
    severity: 'info',
    title: 'On the internet, three things differ',
    explain: 'The URL names a host (DNS name), not an IP address, and the certificate is issued for that name.\nApple connects from 17.0.0.0/8 to a public address: 127.0.0.1 is not one (--allow-private turned that into a warning).\nApple trusts only public CAs: this receiver’s local CA would be a TLS_ISSUE (--ca trusted it for the rehearsal).\nAgainst your real URL run: asn-doctor check-url https://your.server/path',
  },
  {
    id: 'demo.step.token',
    severity: 'info',
    title: 'token: an App Store Server API JWT from the emulator’s test key',
    explain: 'Signed ES256 with {keyPath} (a test key the emulator made; never Apple’s). Yours: asn-doctor token --key SubscriptionKey_<KEYID>.p8 ...',
  },
  {
    id: 'demo.step.send-test',
    severity: 'info',
    title: 'send-test: Request a Test Notification, then poll Get Test Notification Status',
    explain: 'Token {token}; {polls} status look-up(s) in {ms} ms.',
  },
  {
    id: 'demo.step.arrival',
    severity: 'info',
    title: 'The TEST notification arrives at the receiver (what `asn-doctor listen` prints)',
  },
  {
    id: 'demo.step.decode',
    severity: 'info',
    title: 'decode: what the receiver got, verified like Apple’s library does (against the emulator’s root here)',
  },
  {
    id: 'demo.step.trigger',
    severity: 'info',
    title: 'trigger: two more notification types, signed with realistic nested data',
  },
  {
    id: 'demo.step.history',
    severity: 'info',
    title: 'history: Get Notification History for the last hour',
  },
  {
    id: 'demo.step.next',
    severity: 'info',
    title: 'What to run against Apple next',
    explain: [
      'asn-doctor init                              save your issuer ID, key ID, .p8 path, bundle ID and URLs',
      'asn-doctor urls                              the URLs App Store Connect really has (App Store Connect API key)',
      'asn-doctor check-url https://your.server/…   will Apple be able to deliver there?',
      'asn-doctor send-test                         Apple sends a real sandbox TEST notification',
      'asn-doctor doctor --send                     all of the above, one line per check',
      'asn-doctor listen --forward-to http://localhost:3000/…   watch and relay while you build your handler',
    ].join('\n'),
  },
  { id: 'demo.done', severity: 'pass', title: 'Demo finished in {seconds} s; everything it started is stopped and its files removed.' },
  { id: 'demo.interrupted', severity: 'info', title: 'Demo interrupted during "{step}"; everything it started is stopped and its files removed.' },
  {
    id: 'demo.failed',
    severity: 'fail',
    title: 'Demo step "{step}" did not go as expected: {message}',
    fix: 'Run `asn-doctor demo --debug` and report it if it persists.',
  },
] as const satisfies readonly DiagnosticDef[];
