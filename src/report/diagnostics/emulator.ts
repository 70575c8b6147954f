import type { DiagnosticDef } from './types.js';

// Wording for the emulator and trigger commands.
export const emulatorDiagnostics = [
  {
    id: 'emulator.not-apple',
    severity: 'info',
    title: 'Signed by the asn-doctor emulator CA, NOT by Apple',
    explain: 'Verify these payloads with --root {rootCaPath}; Apple’s root rejects them, as it should.',
  },
  {
    id: 'emulator.http-loopback',
    severity: 'warn',
    title: 'Delivering over plain http:// to {host}: Apple never would',
    fix: 'This is fine for a local rehearsal; the URL you register in App Store Connect must be https://.',
  },
  {
    id: 'emulator.http-not-loopback',
    severity: 'fail',
    title: '{flag} {url} uses plain http:// on a host that is not this machine',
    fix: 'Apple delivers only to https:// URLs; use https://, or http:// only for 127.0.0.1, ::1 or localhost.',
  },
  {
    id: 'emulator.bad-url',
    severity: 'fail',
    title: '{flag} {url} is not an http:// or https:// URL',
    fix: 'Pass a full URL such as https://example.com/asn or http://127.0.0.1:8080/asn.',
  },
  {
    id: 'emulator.unknown-type',
    severity: 'fail',
    title: 'Unknown notificationType {type}',
    fix: 'Use one of: {valid}.',
  },
  {
    id: 'emulator.bad-subtype',
    severity: 'fail',
    title: '{subtype} is not a subtype of {type}',
    fix: 'Subtypes of {type}: {valid}.',
  },
  {
    id: 'emulator.no-target',
    severity: 'fail',
    title: 'Nothing to deliver to: --to is missing',
    fix: 'Pass --to <url> (your receiver), --via <emulator base URL>, or --print to write the body instead.',
  },
  {
    id: 'emulator.unreadable-file',
    severity: 'fail',
    title: 'Cannot read {flag} {file}: {reason}',
    fix: 'Check the path and permissions.',
  },
  {
    id: 'emulator.bad-option',
    severity: 'fail',
    title: '{flag} {value}: {reason}',
    fix: 'Run `asn-doctor {command} --help` for the accepted values.',
  },
  {
    id: 'emulator.state-dir',
    severity: 'fail',
    title: 'Cannot use the state folder {dir}: {reason}',
    fix: 'Free some space or fix that folder’s permissions, or pass --state-dir with a folder you can write to.',
  },
  {
    id: 'emulator.port-in-use',
    severity: 'fail',
    title: 'Port {port} on 127.0.0.1 is already in use',
    fix: 'Stop the other process, pick another --port, or pass --port 0 for any free port.',
  },
  {
    id: 'emulator.bad-via',
    severity: 'fail',
    title: '--via {url} is not the base URL of an emulator',
    fix: 'Pass a base URL `asn-doctor emulator` prints: its Production API (http://127.0.0.1:8760) or Sandbox API (http://127.0.0.1:8760/sandbox).',
  },
  {
    id: 'emulator.via-not-emulator',
    severity: 'fail',
    title: 'No asn-doctor emulator answers at {url} (HTTP {status} for its control route)',
    fix: 'Start one with `asn-doctor emulator` and pass a base URL it prints to --via.',
  },
  {
    id: 'emulator.via-unreachable',
    severity: 'fail',
    title: 'The emulator at {url} did not answer: {reason}',
    fix: 'Start it with `asn-doctor emulator` and pass the base URL it prints to --via.',
  },
  {
    id: 'emulator.via-refused',
    severity: 'fail',
    title: 'The emulator at {url} refused the trigger: {reason}',
    fix: 'Give the emulator a notification URL (--notify-url) or pass --to.',
  },
  {
    id: 'emulator.attempt',
    severity: 'info',
    title: '{type} ({environment}) attempt {attempt} -> {result}{status}',
  },
  {
    id: 'emulator.rejected',
    severity: 'warn',
    title: '401 for {path}: {reason}',
    fix: 'Apple would answer 401 with no reason; sign the token with the key, key ID, issuer ID and bundle ID shown above.',
  },
  {
    id: 'emulator.refused',
    severity: 'warn',
    title: 'refused {path}: {reason}',
  },
  {
    id: 'emulator.guard.host',
    severity: 'fail',
    title: 'Refused a request for Host {host}: the emulator answers only 127.0.0.1, [::1] or localhost with its own port',
    fix: 'Use the base URL the emulator printed (http://127.0.0.1:PORT); a web page re-pointing its own name here (DNS rebinding) is refused on purpose.',
  },
  {
    id: 'emulator.guard.cross-origin',
    severity: 'fail',
    title: 'Refused a request from a web page ({why}): the emulator is not a web page’s tool',
    fix: 'Call it from a program or the command line (asn-doctor, curl, your tests), not from a browser.',
  },
  {
    id: 'emulator.guard.not-json',
    severity: 'fail',
    title: 'Control requests must be JSON, not {contentType}',
    fix: 'Send the body with Content-Type: application/json (curl: -H "content-type: application/json").',
  },
  {
    id: 'emulator.guard.no-secret',
    severity: 'fail',
    title: 'This control request has no X-Emulator-Secret header',
    fix: 'Send the emulator’s per-run secret in X-Emulator-Secret: it is in {path} and in the first line of `asn-doctor emulator --json` (controlSecret).',
  },
  {
    id: 'emulator.guard.bad-secret',
    severity: 'fail',
    title: 'The X-Emulator-Secret header does not match this emulator’s secret',
    fix: 'Each run makes a new secret: read the current one from {path} or from the first line of `asn-doctor emulator --json` (controlSecret).',
  },
  {
    id: 'emulator.guard.too-large',
    severity: 'fail',
    title: 'The request body is larger than {limit} bytes',
    fix: 'Control requests are small JSON objects; send only the fields listed under Control endpoints in docs/commands/emulator.md.',
  },
  {
    id: 'emulator.via-secret',
    severity: 'fail',
    title: 'The emulator at {url} refused the request: {reason}',
    fix: 'If the emulator was started with --state-dir, pass trigger the same --state-dir: the emulator keeps its per-run control secret there.',
  },
] as const satisfies readonly DiagnosticDef[];
