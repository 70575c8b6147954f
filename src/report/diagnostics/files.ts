import type { DiagnosticDef } from './types.js';

// Why a file could not be written, by errno code: the {reason} in the messages of commands that write
// state (listen --tls, emulator, init). `files.not-writable.other` names the raw code.
export const filesDiagnostics: DiagnosticDef[] = [
  { id: 'files.not-writable.ENOSPC', severity: 'fail', title: 'the disk is full (no space left on the device)' },
  { id: 'files.not-writable.EDQUOT', severity: 'fail', title: 'your disk quota is used up' },
  { id: 'files.not-writable.EACCES', severity: 'fail', title: 'permission denied' },
  { id: 'files.not-writable.EPERM', severity: 'fail', title: 'the operation is not permitted there' },
  { id: 'files.not-writable.EROFS', severity: 'fail', title: 'the file system is read-only' },
  { id: 'files.not-writable.ENOTDIR', severity: 'fail', title: 'part of the path is a file, not a folder' },
  { id: 'files.not-writable.EEXIST', severity: 'fail', title: 'a file is in the way where a folder should be' },
  { id: 'files.not-writable.other', severity: 'fail', title: 'the system refused the write ({code})' },
];
