import type { DiagnosticDef } from './types.js';

// Wording for `doctor`: one entry per line it can print, and its summary.
export const doctorDiagnostics = [
  { id: 'doctor.config.found', severity: 'info', title: 'config file {path}' },
  {
    id: 'doctor.config.none',
    severity: 'info',
    title: 'no config file at {path}; using flags and ASN_* variables only',
  },
  { id: 'doctor.credential.set', severity: 'pass', title: '{label} {value} (from {source})' },
  {
    id: 'doctor.credential.missing',
    severity: 'fail',
    title: '{label} not set',
    fix: 'Pass {flag}, set {env}, or run `asn-doctor init` to save it.',
  },
  { id: 'doctor.key.loaded', severity: 'pass', title: 'private key loads from {where} (from {source}) and is EC P-256' },
  {
    id: 'doctor.token.ok',
    severity: 'pass',
    title: 'a fresh token follows Apple’s rules (ES256, kid {kid}, iss, aud, bid, {minutes}-minute lifetime, signature checks out)',
  },
  {
    id: 'doctor.token.skipped',
    severity: 'skip',
    title: 'no token signed: the credentials above are incomplete',
  },
  { id: 'doctor.api.ok', severity: 'pass', title: '{environment} API at {baseUrl} accepted the credentials' },
  {
    id: 'doctor.api.skipped',
    severity: 'skip',
    title: '{environment} API not called: the credentials are incomplete',
  },
  {
    id: 'doctor.clock.skipped',
    severity: 'skip',
    title: 'clock not compared: no answer from the API',
  },
  { id: 'doctor.url.ok', severity: 'pass', title: '{environment} URL {url} ({from}): Apple should be able to deliver' },
  {
    id: 'doctor.url.warn',
    severity: 'warn',
    title: '{environment} URL {url} ({from}): deliverable, with {warnings}',
    fix: 'Run `asn-doctor check-url {checkArgs}` for the details.',
  },
  {
    id: 'doctor.url.fail',
    severity: 'fail',
    title: '{environment} URL {url} ({from}): Apple would likely record {result}',
    fix: 'Run `asn-doctor check-url {checkArgs}` for every stage and its fix.',
  },
  {
    id: 'doctor.url.could-not-test',
    severity: 'warn',
    title: '{environment} URL {url} ({from}): could not be tested from this machine ({reason})',
    fix: 'Run `asn-doctor check-url {checkArgs}` from a machine with internet access.',
  },
  {
    id: 'doctor.url.missing',
    severity: 'warn',
    title: 'no {environment} notification URL configured',
    fix: 'Run `asn-doctor init`, or pass --{environment}-url so doctor can check it.',
  },
  {
    id: 'doctor.send.not-asked',
    severity: 'skip',
    title: 'no test notification requested (add --send: Apple then sends a TEST notification to your sandbox URL)',
  },
  {
    id: 'doctor.send.skipped',
    severity: 'skip',
    title: 'no test notification requested: {reason}',
  },
  { id: 'doctor.send.ok', severity: 'pass', title: '{environment} TEST notification delivered: {result}' },
  {
    id: 'doctor.send.fail',
    severity: 'fail',
    title: '{environment} TEST notification not delivered: {result}',
  },
  {
    id: 'doctor.crashed',
    severity: 'fail',
    title: 'the {stage} check could not run: {message}',
    fix: 'Run `asn-doctor doctor --debug` and report it if it persists.',
  },
  { id: 'doctor.summary.ok', severity: 'pass', title: 'No issues found.' },
  { id: 'doctor.summary.warnings', severity: 'warn', title: 'No problems; {warnings} to look at.' },
  { id: 'doctor.summary.problems', severity: 'fail', title: 'Doctor found {problems} and {warnings}.' },
  {
    id: 'doctor.summary.could-not-finish',
    severity: 'fail',
    title: 'Doctor could not finish: {unfinished} could not be made from this machine (no network, no DNS, or no answer).',
    fix: 'Check this machine’s network access (DNS, proxy, outbound HTTPS), then run `asn-doctor doctor` again.',
  },
  {
    id: 'doctor.summary.nothing',
    severity: 'fail',
    title: 'Nothing to check: no credentials and no notification URLs are configured.',
    fix: 'Run `asn-doctor init`, or set ASN_ISSUER_ID, ASN_KEY_ID, ASN_PRIVATE_KEY_PATH and ASN_BUNDLE_ID (see `asn-doctor doctor --help`).',
  },
] as const satisfies readonly DiagnosticDef[];
