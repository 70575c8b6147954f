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
  // Why a file could not be written (util/atomic-write.ts writeProblem).
  { id: 'file.write.no-permission', severity: 'fail', title: 'permission denied, {code}' },
  { id: 'file.write.no-space', severity: 'fail', title: 'no space left on the device, {code}' },
  { id: 'file.write.quota', severity: 'fail', title: 'disk quota exceeded, {code}' },
  { id: 'file.write.read-only', severity: 'fail', title: 'read-only file system, {code}' },
  { id: 'file.write.not-a-folder', severity: 'fail', title: 'part of the path is a file, not a folder, {code}' },
  { id: 'file.write.file-in-the-way', severity: 'fail', title: 'a file stands where the folder should be, {code}' },
  { id: 'file.write.is-directory', severity: 'fail', title: 'the path is a folder, {code}' },
  { id: 'file.write.other', severity: 'fail', title: 'the system could not write it: {code}' },
];
