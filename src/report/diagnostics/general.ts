import type { DiagnosticDef } from './types.js';

// Wording for errors any command can raise.
export const generalDiagnostics: DiagnosticDef[] = [
  {
    id: 'usage.bad-option',
    severity: 'fail',
    title: '{message}',
    fix: 'Run `asn-doctor {command} --help` for the options.',
  },
  {
    id: 'internal.unexpected',
    severity: 'fail',
    title: 'Unexpected internal error: {message}',
    fix: 'Run again with --debug for the stack trace, and report it if it persists.',
  },
];
