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
  // Why a file the user named could not be read: the {reason} of the commands' own "cannot read" errors.
  { id: 'file.missing', severity: 'fail', title: 'no such file' },
  { id: 'file.no-permission', severity: 'fail', title: 'permission denied: your user may not read it' },
  { id: 'file.is-directory', severity: 'fail', title: 'it is a folder, not a file' },
  { id: 'file.too-large', severity: 'fail', title: 'it is larger than {limit}, far more than such a file holds' },
  { id: 'file.other', severity: 'fail', title: 'the system could not read it: {code}' },
];
