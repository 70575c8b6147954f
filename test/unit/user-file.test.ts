// Files the user names are read with a size cap and fail in plain words (issue 10 point 4, issue 11):
// one shared reader behind --key, --ca, --root, --config and the emulator's --key-file.
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPrivateKey } from '../../src/auth/index.js';
import { readConfig } from '../../src/config/file.js';
import { readCaFiles } from '../../src/delivery/ca-files.js';
import { isAsnError } from '../../src/errors.js';
import { readRootFiles } from '../../src/jws/roots.js';
import { KEY_FILE_MAX_BYTES, readUserFile, UserFileError } from '../../src/util/user-file.js';
import { runInProcess } from '../helpers/in-process-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'asn-user-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A sparse file of `bytes`: large on paper, nothing on disk. */
function bigFile(name: string, bytes: number): string {
  const p = join(dir, name);
  writeFileSync(p, '');
  truncateSync(p, bytes);
  return p;
}

async function errorOf(fn: () => unknown): Promise<{ code: string; message: string; exitCode: number }> {
  try {
    await fn();
  } catch (err) {
    if (isAsnError(err)) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('readUserFile', () => {
  it('reads a small file and its mode', () => {
    const p = join(dir, 'small.txt');
    writeFileSync(p, 'hello', { mode: 0o600 });
    const f = readUserFile(p, 10);
    expect(f.bytes.toString()).toBe('hello');
    expect(f.mode & 0o777).toBe(0o600);
  });
  it('refuses a file over the cap without reading it', () => {
    const err = (() => {
      try {
        readUserFile(bigFile('big.bin', 50 * 1024 * 1024), KEY_FILE_MAX_BYTES);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UserFileError);
    expect(err).toMatchObject({ problem: 'too-large', limit: KEY_FILE_MAX_BYTES });
  });
  it('stops an endless device one byte past the cap (/dev/zero claims size 0)', () => {
    expect(() => readUserFile('/dev/zero', 4096)).toThrow(expect.objectContaining({ problem: 'too-large' }));
  });
  it('names a missing file and a folder', () => {
    expect(() => readUserFile(join(dir, 'nope'), 10)).toThrow(expect.objectContaining({ problem: 'missing', code: 'ENOENT' }));
    expect(() => readUserFile(dir, 10)).toThrow(expect.objectContaining({ problem: 'is-directory' }));
  });
});

describe('every reader of a user-named file is capped and speaks plainly (exit 2)', () => {
  const huge = bigFile('huge.pem', 64 * 1024 * 1024);
  it('--key', async () => {
    const e = await errorOf(() => loadPrivateKey(huge));
    expect(e).toMatchObject({ code: 'auth.key.too-large', exitCode: 2 });
    expect(e.message).toBe(`cannot read the key file ${huge}: it is larger than 1 MB, far more than such a file holds`);
    expect(e.message).not.toMatch(/ENOENT|EISDIR|EACCES/);
  });
  it('--ca', async () => {
    expect(await errorOf(() => readCaFiles([huge], dir))).toMatchObject({ code: 'usage.unreadable-ca', exitCode: 2, message: `cannot read --ca ${huge}: it is larger than 4 MB, far more than such a file holds` });
    expect(await errorOf(() => readCaFiles([dir], dir))).toMatchObject({ message: `cannot read --ca ${dir}: it is a folder, not a file` });
  });
  it('--root', async () => {
    expect(await errorOf(() => readRootFiles([huge], dir))).toMatchObject({ code: 'jws.root.unreadable', exitCode: 2, message: `cannot read --root ${huge}: it is larger than 4 MB, far more than such a file holds` });
    expect(await errorOf(() => readRootFiles(['/dev/zero'], dir))).toMatchObject({ code: 'jws.root.unreadable', message: 'cannot read --root /dev/zero: it is larger than 4 MB, far more than such a file holds' });
  });
  it('--config', async () => {
    expect(await errorOf(() => readConfig(huge, true))).toMatchObject({ code: 'config.unreadable', exitCode: 2, message: `cannot read the config file ${huge} (it is larger than 1 MB, far more than such a file holds)` });
    const folder = join(dir, 'conf.d');
    mkdirSync(folder);
    expect(await errorOf(() => readConfig(folder, true))).toMatchObject({ message: `cannot read the config file ${folder} (it is a folder, not a file)` });
    expect(await readConfig(join(dir, 'absent.json'), false)).toBeUndefined();
    expect(await errorOf(() => readConfig(join(dir, 'absent.json'), true))).toMatchObject({ code: 'config.missing' });
  });
});

describe('the emulator\'s --key-file (the whole command line in-process: the words come from the top-level handler)', () => {
  it('a missing file and a folder: plain words, exit 2, not "cannot use the state folder"', async () => {
    const missing = await runInProcess(['emulator', '--port', '0', '--state-dir', join(dir, 'state-a'), '--key-file', join(dir, 'no-such.p8')]);
    const folder = await runInProcess(['emulator', '--port', '0', '--state-dir', join(dir, 'state-b'), '--key-file', dir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: Cannot read --key-file .*no-such\.p8: no such file\n/);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/^error: Cannot read --key-file .*: it is a folder, not a file\n/);
  });
});
