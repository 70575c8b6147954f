import type { DiagnosticDef } from './types.js';

// Wording for errors any command can raise.
export const generalDiagnostics = [
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
  // Why a folder could not be written, by errno code: the {reason} of the errors of commands that keep
  // state (listen --tls, emulator). `file.not-writable.other` names the raw code.
  { id: 'file.not-writable.ENOSPC', severity: 'fail', title: 'the disk is full (no space left on the device)' },
  { id: 'file.not-writable.EDQUOT', severity: 'fail', title: 'your disk quota is used up' },
  { id: 'file.not-writable.EACCES', severity: 'fail', title: 'permission denied' },
  { id: 'file.not-writable.EPERM', severity: 'fail', title: 'the operation is not permitted there' },
  { id: 'file.not-writable.EROFS', severity: 'fail', title: 'the file system is read-only' },
  { id: 'file.not-writable.ENOTDIR', severity: 'fail', title: 'part of the path is a file, not a folder' },
  { id: 'file.not-writable.EEXIST', severity: 'fail', title: 'a file is in the way where a folder should be' },
  { id: 'file.not-writable.other', severity: 'fail', title: 'the system refused the write ({code})' },
] as const satisfies readonly DiagnosticDef[];
