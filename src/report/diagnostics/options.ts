import type { DiagnosticDef } from './types.js';

// Wording for option values the parsers in src/commands/options/parse.ts refuse (exit 2), and for the
// notes they leave when an old spelling is used.
export const optionDiagnostics = [
  { id: 'option.environment', severity: 'fail', title: '{flag} {value} is not {choices}', fix: 'Use {flag} {choices}.' },
  {
    id: 'option.seconds',
    severity: 'fail',
    title: '{flag} {value} is not a number of seconds',
    fix: 'Pass seconds, e.g. {flag} {example}, or a number with a unit: 1500ms, 90s, 2m.',
  },
  { id: 'option.seconds.too-long', severity: 'fail', title: '{flag} {value} is more than {max} seconds', fix: 'Pass at most {max} seconds, e.g. {flag} {example}.' },
  { id: 'option.seconds.zero', severity: 'fail', title: '{flag} {value}: a time limit must be more than 0', fix: 'Pass e.g. {flag} {example}.' },
  { id: 'option.integer', severity: 'fail', title: '{flag} must be a whole number from {min} to {max}, not {value}', fix: 'Pass a whole number from {min} to {max}.' },
  { id: 'option.positive-number', severity: 'fail', title: '{flag} {value} is not a positive number', fix: 'Pass e.g. {flag} {example}.' },
  { id: 'option.url', severity: 'fail', title: '{flag} {value} is not an http:// or https:// URL', fix: 'Give the full URL, e.g. {flag} {example}.' },
  { id: 'option.uuid', severity: 'fail', title: '{flag} {value} is not a UUID', fix: 'Pass a UUID such as 7e3fb20b-4cdb-47cc-936d-99d65f608138, the form an app gives StoreKit as appAccountToken.' },
  { id: 'option.empty-path', severity: 'fail', title: '{flag} was given an empty path', fix: 'Pass the file, e.g. {flag} {example}.' },
  { id: 'option.deprecated.flag', severity: 'warn', title: '{old} is now {new}; {old} still works in this release only' },
  {
    id: 'option.deprecated.timeout-ms',
    severity: 'warn',
    title: '{flag} {value} read as milliseconds, as before; {flag} is in seconds now: write {flag} {shown}',
  },
] as const satisfies readonly DiagnosticDef[];
