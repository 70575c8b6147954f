import type { DiagnosticDef } from './types.js';

// Wording for errors any command can raise.
export const generalDiagnostics: DiagnosticDef[] = [
  {
    // Commander's own parse errors (unknown option, missing argument…); the code names commander's case.
    id: 'usage.bad-option',
    severity: 'fail',
    title: '{message}',
    fix: 'Run `asn-doctor --help` (or `asn-doctor <command> --help`) for the options.',
  },
  {
    id: 'internal.unexpected',
    severity: 'fail',
    title: 'unexpected internal error: {message}',
    fix: 'Run again with --debug for the stack trace, and report it if it persists.',
  },
  { id: 'interrupted', severity: 'fail', title: 'interrupted' },
];
