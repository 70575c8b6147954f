// File writes that never leave a half-written or empty file behind (a full disk, a read-only folder, a
// crash mid-write): the data goes to a temporary file beside the target, is flushed, and is renamed
// over the target only when complete; on any failure the temporary file is removed. `ensureWritableDir`
// finds such a folder before any work is done, so a command can stop with a clear message first.
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, rename, rm, rmdir, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/** A folder or file that could not be written; `code` is the errno code (ENOSPC, EACCES, EROFS, ENOTDIR…). */
export class NotWritableError extends Error {
  constructor(
    /** The folder that could not be written to. */
    readonly dir: string,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(`cannot write to ${dir}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'NotWritableError';
  }
}

export interface AtomicWriteOptions {
  /** File mode; applied exactly (not reduced by the umask). Default 0o644. */
  mode?: number;
  /** Create the file only if it does not exist yet: resolves `false` (and writes nothing) when it does. */
  exclusive?: boolean;
}

// Errors that mean "this file system has no hard links" rather than "this file exists".
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EXDEV', 'ENOSYS', 'EOPNOTSUPP']);

/**
 * Writes `data` to `file` atomically: readers see the old content or the whole new content, never a
 * part. Resolves `true` when written. Throws NotWritableError (naming the folder) when the folder
 * cannot be written; nothing is left behind.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<boolean> {
  const mode = opts.mode ?? 0o644;
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(tmp, 'wx', mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await chmod(tmp, mode);
    if (!opts.exclusive) {
      await rename(tmp, file);
      return true;
    }
    try {
      // link() never replaces an existing file: parallel first writers agree on one.
      await link(tmp, file);
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (!NO_HARD_LINKS.has(code ?? '')) throw err;
      // No hard links here: an atomic, last-writer-wins rename is the best this file system offers.
      await rename(tmp, file);
      return true;
    }
  } catch (err) {
    throw asNotWritable(dirname(file), err);
  } finally {
    await handle?.close().catch(() => undefined);
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}

/**
 * Creates `dir` (and its parents) if needed and proves a file can be written in it, so a full disk, a
 * read-only folder or a file in the way is found before any work (init checks this before its first
 * question). Throws NotWritableError; folders it made are removed again on failure. Returns the folders
 * it created, deepest first, so a caller that then writes nothing can remove them (`removeEmptyFolders`).
 */
export async function ensureWritableDir(dir: string, opts: { mode?: number; probeBytes?: number } = {}): Promise<string[]> {
  let first: string | undefined;
  try {
    first = await mkdir(dir, { recursive: true, mode: opts.mode ?? 0o700 });
  } catch (err) {
    throw asNotWritable(dir, err);
  }
  const created = first === undefined ? [] : foldersBetween(resolve(first), resolve(dir));
  try {
    // Some bytes, flushed: on a full disk creating an empty file can still succeed.
    const probe = join(dir, `.asn-doctor-write-check.${process.pid}.${randomBytes(4).toString('hex')}`);
    await writeFileAtomic(probe, Buffer.alloc(opts.probeBytes ?? 4096), { mode: 0o600 });
    await rm(probe, { force: true });
  } catch (err) {
    await removeEmptyFolders(created);
    throw asNotWritable(dir, err);
  }
  return created;
}

/** Removes folders (deepest first) while they are empty; a folder that holds something stays. */
export async function removeEmptyFolders(folders: readonly string[]): Promise<void> {
  for (const f of folders) {
    if (!(await rmdir(f).then(() => true, () => false))) return;
  }
}

/** `top` and every folder below it on the way to `dir`, deepest first. */
function foldersBetween(top: string, dir: string): string[] {
  const parts = relative(top, dir).split(sep).filter(Boolean);
  const out = [top];
  for (const p of parts) out.push(join(out[out.length - 1]!, p));
  return out.reverse();
}

function asNotWritable(dir: string, err: unknown): Error {
  if (err instanceof NotWritableError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  // Only file-system refusals; anything else (a bug, a bad argument) keeps its own type.
  return code && /^E[A-Z]+$/.test(code) ? new NotWritableError(dir, code, err) : (err as Error);
}
