import type { DiagnosticDef } from './types.js';

// Wording for `listen`: what became of each request, and the notes it prints at start.
export const listenDiagnostics = [
  {
    id: 'listen.started',
    severity: 'info',
    title: 'Listening on {url}',
    explain: 'Answers {respond} to every notification unless forwarding. Ctrl-C stops.',
  },
  {
    id: 'listen.forwarding',
    severity: 'info',
    title: 'Forwarding every request to {url}; the sender gets your handler’s answer',
    explain: 'A handler that does not answer within {seconds} s gets 504 sent back, one that cannot be reached 502.',
  },
  {
    id: 'listen.tls.local-ca',
    severity: 'info',
    title: 'HTTPS with a certificate from a local CA: {caPath}',
    explain: 'Apple will never trust this CA; it is for rehearsing on this machine.',
    fix: 'Pass it to the sender: `asn-doctor trigger TEST --to {url} --ca {caPath}` or `asn-doctor check-url {url} --ca {caPath} --allow-private`.',
  },
  {
    id: 'listen.option.number',
    severity: 'fail',
    title: '{flag} must be a whole number from {min} to {max}, not {value}',
    fix: 'Run `asn-doctor listen --help` for the options.',
  },
  {
    id: 'listen.option.host',
    severity: 'fail',
    title: '--host {host} is not an IP address',
    fix: 'Use 127.0.0.1 (the default), ::1, or 0.0.0.0 to accept connections from other machines.',
  },
  {
    id: 'listen.option.forward-url',
    severity: 'fail',
    title: '--forward-to {value} is not an http:// or https:// URL',
    fix: 'Give the full URL of your handler, e.g. http://localhost:3000/apple/notifications.',
  },
  {
    id: 'listen.state-dir.not-writable',
    severity: 'fail',
    title: 'listen --tls cannot keep its local CA in {dir}: {reason}',
    fix: 'Free some space or fix that folder’s permissions, or pass --state-dir with a folder you can write to.',
  },
  {
    id: 'listen.port-in-use',
    severity: 'fail',
    title: 'port {port} on {host} is already in use',
    fix: 'Pick another with --port, or --port 0 for any free port.',
  },
  {
    id: 'listen.probe',
    severity: 'info',
    title: 'a probe from `asn-doctor check-url` (unsigned on purpose)',
  },
  {
    id: 'listen.exposed',
    severity: 'warn',
    title: 'Bound to {host}: other machines on the network can reach this listener',
    fix: 'Leave out --host to bind to 127.0.0.1 only.',
  },
  {
    id: 'listen.malformed.empty',
    severity: 'fail',
    title: 'empty body',
    fix: 'Apple always sends {"signedPayload": "..."}; check what the sender posts.',
  },
  {
    id: 'listen.malformed.not-json',
    severity: 'fail',
    title: 'body is not JSON',
    fix: 'Apple always sends {"signedPayload": "..."}; check what the sender posts.',
  },
  {
    id: 'listen.malformed.no-signed-payload',
    severity: 'fail',
    title: 'JSON without a signedPayload',
    fix: 'Apple always sends {"signedPayload": "..."}; check what the sender posts.',
  },
  {
    id: 'listen.malformed.not-jws',
    severity: 'fail',
    title: 'signedPayload is not a JWS',
    fix: 'Apple’s signedPayload is a compact JWS (three base64url parts); check what the sender posts.',
  },
  {
    id: 'listen.malformed.v1',
    severity: 'warn',
    title: 'a V1 notification (deprecated, unsigned)',
    fix: 'Switch the URL to Version 2 notifications in App Store Connect; V1 is deprecated.',
  },
  {
    id: 'listen.too-large',
    severity: 'fail',
    title: 'body over the {limit}-byte limit: answered 413',
    fix: 'Real notifications are around 18 KB; raise --max-body if you expect more.',
  },
  {
    id: 'listen.wrong-method',
    severity: 'fail',
    title: '{method} instead of POST: answered 405',
  },
  {
    id: 'listen.body-timeout',
    severity: 'fail',
    title: 'the request did not arrive in time: answered 408',
  },
  {
    id: 'listen.aborted',
    severity: 'warn',
    title: 'the sender closed the connection before the body arrived',
  },
  {
    id: 'listen.bad-http',
    severity: 'fail',
    title: 'unparseable HTTP ({code}): answered 400',
  },
  {
    id: 'listen.verify.crashed',
    severity: 'fail',
    title: 'the verifier failed: {message}',
    fix: 'Run `asn-doctor decode` on the body with --debug and report it if it persists.',
  },
  {
    id: 'listen.internal',
    severity: 'fail',
    title: 'the listener failed on this request: {message}; it keeps running',
    fix: 'Run `asn-doctor listen --debug` and report it if it persists.',
  },
  {
    id: 'listen.forward.result',
    severity: 'info',
    title: 'your handler: {status} in {ms} ms',
  },
  {
    id: 'listen.forward.failed',
    severity: 'fail',
    title: 'your handler: {result} after {ms} ms, answered {answered}',
  },
  {
    id: 'listen.summary',
    severity: 'info',
    title: 'Stopped after {count}.',
  },
] as const satisfies readonly DiagnosticDef[];
