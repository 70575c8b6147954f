// listen --tls and the emulator on a folder they cannot write (a file in the way; a full disk): exit 2
// with one line naming the folder and the fix, and nothing half-written left behind. Tests may run as
// root, which ignores permissions, so "unwritable" is a path under a regular file; the full disk is a
// 16 KiB tmpfs in a user and mount namespace (skipped where `unshare -rm` is not allowed).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startListener, listenVerifier } from '../../src/listen/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { loadState } from '../../src/emulator/state.js';
import { NotWritableError, ensureWritableDir, writeFileAtomic } from '../../src/util/atomic-write.js';
import { CLI, cleanEnv } from '../helpers/run-cli.js';
import { runInProcess } from '../helpers/in-process-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'asn-state-dir-'));
const aFile = join(dir, 'a-file');
writeFileSync(aFile, 'not a folder\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a state folder under a regular file', () => {
  it('listen --tls (in-process) fails with NotWritableError naming the folder', async () => {
    const stateDir = join(aFile, 'listen');
    const err = await startListener({ port: 0, tls: true, stateDir, verify: listenVerifier({ roots: [] }) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotWritableError);
    expect(err).toMatchObject({ dir: stateDir, code: 'ENOTDIR' });
  });

  it('listen --tls (the command in-process): exit 2, one line naming the folder, the reason and the fix', async () => {
    const stateDir = join(aFile, 'listen');
    const r = await runInProcess(['listen', '--tls', '--port', '0', '--state-dir', stateDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: listen --tls cannot keep its local CA in ${stateDir}: part of the path is a file, not a folder\n` +
        '  fix: Free some space or fix that folder’s permissions, or pass --state-dir with a folder you can write to.\n',
    );
    expect(r.stdout).toBe('');
    const asJson = await runInProcess(['listen', '--tls', '--port', '0', '--state-dir', aFile, '--json']);
    expect(asJson.code).toBe(2);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ ok: false, error: { code: 'listen.state-dir.not-writable', message: expect.stringContaining('a file is in the way') } });
  });

  it('the emulator (the command in-process): exit 2 naming the folder', async () => {
    const stateDir = join(aFile, 'emulator');
    const r = await runInProcess(['emulator', '--port', '0', '--state-dir', stateDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: Cannot use the state folder ${stateDir}: part of the path is a file, not a folder\\n  fix: `));
  });

  it('the emulator (in-process) fails before it listens', async () => {
    await expect(startEmulator({ stateDir: join(aFile, 'emulator') })).rejects.toBeInstanceOf(NotWritableError);
  });
});

describe('writeFileAtomic and ensureWritableDir', () => {
  it('replace the whole file or nothing, with the mode asked for, and leave no temporary file', async () => {
    const d = join(dir, 'atomic');
    await ensureWritableDir(d);
    const file = join(d, 'f.pem');
    expect(await writeFileAtomic(file, 'one', { mode: 0o600 })).toBe(true);
    expect(await writeFileAtomic(file, 'two', { mode: 0o600, exclusive: true })).toBe(false);
    expect(await writeFileAtomic(file, 'three')).toBe(true);
    expect(readdirSync(d)).toEqual(['f.pem']);
  });
});

const canUnshare = spawnSync('unshare', ['-rm', 'true']).status === 0;

describe.skipIf(!canUnshare)('a full disk (16 KiB tmpfs in a user+mount namespace)', () => {
  /**
   * Runs `script` in a namespace where $MNT is a 16 KiB tmpfs, filled up after `prepare` ran; returns
   * its output, exit code and what is left on the disk. The folders the commands create must be gone too.
   */
  function onFullDisk(script: string, prepare = 'true') {
    const mnt = mkdtempSync(join(tmpdir(), 'asn-full-'));
    const setup = `mount -t tmpfs -o size=16k tmpfs ${mnt} && ${prepare.replaceAll('$MNT', mnt)} && (dd if=/dev/zero of=${mnt}/fill bs=4k 2>/dev/null || true) && `;
    const listing = ` ; echo "LEFT:$(cd ${mnt} && find . -mindepth 1 | sort | tr '\\n' ' ')"`;
    const r = spawnSync('unshare', ['-rm', 'sh', '-c', `${setup}${script.replaceAll('$MNT', mnt)}; echo "EXIT:$?"${listing}`], {
      env: cleanEnv(),
      encoding: 'utf8',
      timeout: 20_000,
    });
    rmSync(mnt, { recursive: true, force: true });
    return { out: r.stdout, err: r.stderr, exit: Number(/EXIT:(\d+)/.exec(r.stdout)?.[1]), left: /LEFT:(.*)/.exec(r.stdout)?.[1]?.trim() };
  }

  it('listen --tls: exit 2, "the disk is full", no partial or temporary file left', () => {
    const r = onFullDisk(`"${process.execPath}" "${CLI}" listen --tls --port 0 --state-dir $MNT/listen`);
    expect(r.exit).toBe(2);
    expect(r.err).toMatch(/^error: listen --tls cannot keep its local CA in \S+\/listen: the disk is full \(no space left on the device\)\n {2}fix: /);
    expect(r.err).not.toMatch(/ENOSPC|unexpected internal error/);
    expect(r.left).toBe('./fill');
  });

  it('the emulator: exit 2, "the disk is full", nothing left', () => {
    const r = onFullDisk(`"${process.execPath}" "${CLI}" emulator --port 0 --state-dir $MNT/emulator`);
    expect(r.exit).toBe(2);
    expect(r.err).toMatch(/^error: Cannot use the state folder \S+\/emulator: the disk is full/);
    expect(r.left).toBe('./fill');
  });

  it('the emulator with its state already made: the control secret cannot be written, exit 2, no secret or temporary file', async () => {
    // The state is made here and copied onto the small disk, so the run bounded by onFullDisk's time
    // limit starts one process (the emulator), not two and a new CA: a loaded machine took it past the limit.
    const made = join(dir, 'made-state');
    await loadState(made);
    const r = onFullDisk(`"${process.execPath}" "${CLI}" emulator --port 0 --state-dir $MNT/emu`, `cp -rp '${made}' $MNT/emu`);
    expect(r.exit).toBe(2);
    expect(r.err).toMatch(/^error: Cannot use the state folder \S+\/emu: the disk is full/);
    expect(r.left).toMatch(/^\.\/emu \.\/emu\/SubscriptionKey_\w+\.p8 \.\/emu\/chain-127\.0\.0\.1-8760\.json \.\/emu\/emulator-root-ca\.pem \.\/emu\/state\.json \.\/fill$/);
  });

  it('writeFileAtomic into an existing folder: NotWritableError ENOSPC, the old file intact, no temporary file', () => {
    const mod = new URL('../../dist/util/atomic-write.js', import.meta.url).pathname;
    const script =
      `"${process.execPath}" --input-type=module -e ` +
      `'const { writeFileAtomic } = await import("${mod}"); ` +
      `try { await writeFileAtomic("$MNT/kept", "x".repeat(100000)); console.log("WROTE"); } ` +
      `catch (e) { console.log("CODE:" + e.name + "/" + e.code); }' ; echo "KEPT:$(cat $MNT/kept)"`;
    const r = onFullDisk(script, 'printf old > $MNT/kept');
    expect(r.out).toContain('CODE:NotWritableError/ENOSPC');
    expect(r.out).toContain('KEPT:old');
    expect(r.left).toBe('./fill ./kept');
  });
});
