// Whole file or nothing: the temporary file is removed when the write fails, the mode is exact.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureWritableDir, removeEmptyFolders, writeFileAtomic } from '../../src/util/atomic-write.js';

const dir = mkdtempSync(join(tmpdir(), 'asn-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('replaces a looser file with the exact mode asked for, leaving no temporary file', async () => {
    const own = join(dir, 'replace'); // its own folder: the listing below must not see the other tests' files
    mkdirSync(own);
    const target = join(own, 'config.json');
    writeFileSync(target, 'old', { mode: 0o644 });
    await writeFileAtomic(target, 'new', { mode: 0o600 });
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(own)).toEqual(['config.json']);
  });

  it('when the rename fails, throws and removes its temporary file; the target stays as it was', async () => {
    const sub = join(dir, 'rename-fails');
    const target = join(sub, 'taken');
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, 'inside'), 'keep');
    await expect(writeFileAtomic(target, 'data')).rejects.toMatchObject({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST|EPERM)$/) });
    expect(readdirSync(sub)).toEqual(['taken']);
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('keep');
  });
});

describe('ensureWritableDir', () => {
  it('creates the folders, proves a write, leaves no probe, and returns what it created (deepest first)', async () => {
    const deep = join(dir, 'a', 'b', 'c');
    const created = await ensureWritableDir(deep);
    expect(created).toEqual([join(dir, 'a', 'b', 'c'), join(dir, 'a', 'b'), join(dir, 'a')]);
    expect(readdirSync(deep)).toEqual([]);
    expect(statSync(deep).mode & 0o777).toBe(0o700);
    await removeEmptyFolders(created);
    expect(readdirSync(dir)).not.toContain('a');
  });

  it('fails with the file system’s code when a file is in the way', async () => {
    const file = join(dir, 'plain');
    writeFileSync(file, 'x');
    await expect(ensureWritableDir(join(file, 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});
