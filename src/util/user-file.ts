// Files the user names on the command line or in the config (a .p8 key, --key, --ca, --root, --config,
// the emulator's --key-file) are read here, with a size cap: a path pointing at a huge file, a device
// such as /dev/zero or a pipe that never ends must get a clear error, not fill memory. What went wrong
// is a `UserFileError` with a plain-language problem; callers word it through the diagnostics registry.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** What kept a file from being read, in terms a user acts on. */
export type FileProblem = 'missing' | 'no-permission' | 'is-directory' | 'too-large' | 'other';

export class UserFileError extends Error {
  constructor(
    readonly problem: FileProblem,
    readonly path: string,
    /** The system's error code (ENOENT, EACCES, …) when there was one. */
    readonly code?: string,
    /** The cap that was exceeded, for `too-large`. */
    readonly limit?: number,
  ) {
    super(`${path}: ${problem}${code ? ` (${code})` : ''}`);
    this.name = 'UserFileError';
  }
}

/** Caps: far above any real file of the kind, far below what would strain memory. */
export const KEY_FILE_MAX_BYTES = 1024 * 1024;
export const CERT_FILE_MAX_BYTES = 4 * 1024 * 1024;
export const CONFIG_FILE_MAX_BYTES = 1024 * 1024;

/** The problem behind a file-system error (ENOENT, EACCES, EISDIR, …). */
export function userFileErrorFrom(err: unknown, path: string): UserFileError {
  if (err instanceof UserFileError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new UserFileError('missing', path, code);
  if (code === 'EACCES' || code === 'EPERM') return new UserFileError('no-permission', path, code);
  if (code === 'EISDIR') return new UserFileError('is-directory', path, code);
  return new UserFileError('other', path, code ?? (err instanceof Error ? err.message : String(err)));
}

export interface UserFile {
  bytes: Buffer;
  /** st_mode, for permission warnings on key files. */
  mode: number;
}

/**
 * Reads a whole file of at most `maxBytes`. Reads at most one byte past the cap, whatever the file
 * claims to be: a pipe, a device or a file still growing has no trustworthy size. Throws UserFileError.
 */
export function readUserFile(path: string, maxBytes: number): UserFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw userFileErrorFrom(err, path);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new UserFileError('is-directory', path, 'EISDIR');
    if (st.isFile() && st.size > maxBytes) throw new UserFileError('too-large', path, undefined, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, 64 * 1024));
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new UserFileError('too-large', path, undefined, maxBytes);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return { bytes: Buffer.concat(chunks, total), mode: st.mode };
  } catch (err) {
    throw userFileErrorFrom(err, path);
  } finally {
    closeSync(fd);
  }
}
