// Writing a file so that a reader sees the old content or the whole new content, never a part: the
// bytes go to a temporary file in the same folder (so the rename stays on one file system), are flushed
// to disk, then renamed over the target. On any failure (a full disk, a folder that is not writable)
// the temporary file is removed and the target is left as it was.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rmdir, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of the new file (also when the target existed with looser permissions). Default 0o600. */
  mode?: number;
}

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const mode = opts.mode ?? 0o600;
  const tmp = tempPathFor(path);
  let created = false;
  try {
    const handle = await open(tmp, 'wx', mode);
    created = true;
    try {
      await handle.writeFile(data);
      // The mode given to open() is filtered by the umask; the file must end up exactly as asked.
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    if (created) await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/**
 * Makes sure `dir` exists (creating it with `mode`) and that a file of `probeBytes` can be written in it,
 * so a command can refuse before asking any question. Throws the file system's error (EACCES, ENOSPC,
 * EROFS, ENOTDIR…). Returns the folders it created, deepest first, for `removeEmptyFolders`.
 */
export async function ensureWritableFolder(dir: string, opts: { mode?: number; probeBytes?: number } = {}): Promise<string[]> {
  const first = await mkdir(dir, { recursive: true, mode: opts.mode ?? 0o700 });
  const created = first === undefined ? [] : foldersBetween(first, dir);
  try {
    const probe = join(dir, `.asn-doctor-write-test.${process.pid}.${randomBytes(4).toString('hex')}`);
    await writeFileAtomic(probe, Buffer.alloc(opts.probeBytes ?? 4096), { mode: 0o600 });
    await unlink(probe);
  } catch (err) {
    await removeEmptyFolders(created);
    throw err;
  }
  return created;
}

/** Removes folders (deepest first) while they are empty; a folder that holds something stays. */
export async function removeEmptyFolders(folders: readonly string[]): Promise<void> {
  for (const f of folders) {
    try {
      await rmdir(f);
    } catch {
      return;
    }
  }
}

/** `top` and every folder below it on the way to `dir`, deepest first. */
function foldersBetween(top: string, dir: string): string[] {
  const parts = relative(top, dir).split(sep).filter(Boolean);
  const out = [top];
  for (const p of parts) out.push(join(out[out.length - 1]!, p));
  return out.reverse();
}

/** Why a write failed, in terms a user acts on (worded by the registry's file.write.* entries). */
export type WriteProblem = 'no-permission' | 'no-space' | 'quota' | 'read-only' | 'not-a-folder' | 'file-in-the-way' | 'is-directory' | 'other';

const WRITE_PROBLEMS: Record<string, WriteProblem> = {
  EACCES: 'no-permission',
  EPERM: 'no-permission',
  ENOSPC: 'no-space',
  EDQUOT: 'quota',
  EROFS: 'read-only',
  ENOTDIR: 'not-a-folder',
  EEXIST: 'file-in-the-way',
  EISDIR: 'is-directory',
};

export function writeProblem(err: unknown): { problem: WriteProblem; code: string } {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && WRITE_PROBLEMS[code]) return { problem: WRITE_PROBLEMS[code], code };
  return { problem: 'other', code: code ?? (err instanceof Error ? err.message : String(err)) };
}
