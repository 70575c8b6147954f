// init: the wizard on a terminal and the flags without one write the same file and refuse the same
// values; the config folder is proven writable before any question; a failed write leaves nothing.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli.js';
import { run } from '../../src/commands/init/run.js';
import { isAsnError, type AsnError } from '../../src/errors.js';
import { BUNDLE_ID, ISSUER_ID, KEY_ID, p256, TempDir } from '../auth/helpers/keys.js';
import { commandContext } from '../helpers/command-context.js';
import { CLI, cleanEnv } from '../helpers/run-cli.js';
import { runInProcess } from '../helpers/in-process-cli.js';
import { canUnshare } from '../helpers/namespaces.js';

const dir = new TempDir();
afterAll(() => dir.remove());
const keyDir = join(dir.path, 'keys');
mkdirSync(keyDir);
const keyPath = join(keyDir, `SubscriptionKey_${KEY_ID}.p8`);
writeFileSync(keyPath, p256().pkcs8Pem, { mode: 0o600 });
const ASC_KID = 'ASCKEY0001';
const ascKeyPath = join(keyDir, `AuthKey_${ASC_KID}.p8`);
writeFileSync(ascKeyPath, p256().pkcs8Pem, { mode: 0o600 });
const driver = fileURLToPath(new URL('../auth/helpers/pty_drive.py', import.meta.url));

const ALL_FLAGS = {
  key: keyPath,
  issuerId: ISSUER_ID,
  bundleId: BUNDLE_ID,
  appAppleId: '1234567890',
  env: 'production',
  productionUrl: 'https://example.com/asn',
  sandboxUrl: 'https://example.com/asn-sandbox',
};

let n = 0;
function freshConfigPath(): string {
  n += 1;
  return join(dir.path, `cfg-${n}`, 'asn-doctor', 'config.json');
}

async function initInProcess(opts: Record<string, unknown>): Promise<{ code?: number; error?: AsnError; stdout: string; stderr: string }> {
  const t = commandContext({ opts, cwd: dir.path });
  try {
    const code = await run(t.ctx);
    return { code, stdout: t.stdout(), stderr: t.stderr() };
  } catch (err) {
    if (!isAsnError(err)) throw err;
    return { error: err, stdout: t.stdout(), stderr: t.stderr() };
  }
}

function ptyInit(args: string[], steps: [string, string][], env: NodeJS.ProcessEnv): Promise<{ code: number; failedAt: string | null; transcript: string }> {
  const spec = { cmd: [process.execPath, CLI, 'init', ...args], cwd: keyDir, env, steps, timeout: 20 };
  return new Promise((resolve, reject) =>
    execFile('python3', [driver, JSON.stringify(spec)], { timeout: 35_000 }, (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout)))),
  );
}

describe('init without a terminal', () => {
  it('writes the config from flags alone, mode 600, asking nothing', async () => {
    const config = freshConfigPath();
    const r = await initInProcess({ ...ALL_FLAGS, config });
    expect(r.error).toBeUndefined();
    expect(r.code).toBe(0);
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual({
      issuerId: ISSUER_ID,
      keyId: KEY_ID,
      privateKeyPath: keyPath,
      bundleId: BUNDLE_ID,
      environment: 'production',
      appAppleId: '1234567890',
      notificationUrls: { production: 'https://example.com/asn', sandbox: 'https://example.com/asn-sandbox' },
    });
    expect(r.stdout).toContain(`Saved ${config} (mode 600).`);
  });

  it.each([
    ['productionUrl', 'https://example.com:80/asn', /port 80: Apple only delivers to port 443/],
    ['sandboxUrl', 'http://example.com/asn', /http:\/\/ URL: Apple only delivers to https/],
    ['productionUrl', 'https://localhost:8443/asn', /localhost is not a public name/],
    ['productionUrl', 'https://user:pw@example.com/asn', /user name or password/],
    ['productionUrl', 'not a url', /not|URL/],
    ['issuerId', 'not-a-uuid', /issuer ID "not-a-uuid" \(from --issuer-id\) is not a UUID/],
    ['bundleId', 'ABCDE12345.com.example.app', /Team ID/],
    ['appAppleId', '12ab', /is not a number/],
    ['keyId', 'abcde12345', /must be upper case/],
    ['env', 'staging', /must be sandbox or production/],
    ['key', join(dir.path, 'no-such.p8'), /no-such\.p8/],
    ['key', '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----', /holds the key text/],
    ['apiUrl', 'ftp://example.com', /is not an http\(s\) URL/],
  ])('refuses --%s %s with exit 2 and writes nothing, creates no folder', async (flag, value, message) => {
    const config = freshConfigPath();
    const r = await initInProcess({ ...ALL_FLAGS, [flag]: value, config });
    expect(r.error?.exitCode).toBe(2);
    expect(`${r.error?.message} ${r.error?.fix ?? ''}`).toMatch(message);
    expect(existsSync(join(config, '..', '..'))).toBe(false);
  });

  it('--allow-private accepts a local name, as check-url --allow-private does', async () => {
    const config = freshConfigPath();
    const r = await initInProcess({ ...ALL_FLAGS, productionUrl: 'https://localhost:8443/asn', allowPrivate: true, config });
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(config, 'utf8')).notificationUrls.production).toBe('https://localhost:8443/asn');
  });

  it('takes the App Store Connect key as flags: its path (never the key), its ID from AuthKey_<KEYID>.p8, the issuer ID', async () => {
    const config = freshConfigPath();
    const r = await initInProcess({ ...ALL_FLAGS, ascKey: ascKeyPath, ascIssuerId: ISSUER_ID, config });
    expect(r.error).toBeUndefined();
    const saved = JSON.parse(readFileSync(config, 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ ascIssuerId: ISSUER_ID, ascKeyId: ASC_KID, ascPrivateKeyPath: ascKeyPath });
    expect(readFileSync(config, 'utf8')).not.toContain('PRIVATE KEY');
    // Run again without the App Store Connect flags: the file keeps it (an individual key has no issuer ID).
    const again = await initInProcess({ ...ALL_FLAGS, config });
    expect(again.error).toBeUndefined();
    expect(JSON.parse(readFileSync(config, 'utf8'))).toMatchObject({ ascKeyId: ASC_KID, ascPrivateKeyPath: ascKeyPath });
  });

  it('refuses the In-App Purchase key as the App Store Connect key (exit 2, nothing written)', async () => {
    for (const extra of [{ ascKey: keyPath, ascKeyId: 'OTHER00001' }, { ascKey: ascKeyPath, ascKeyId: KEY_ID }]) {
      const config = freshConfigPath();
      const r = await initInProcess({ ...ALL_FLAGS, ...extra, config });
      expect(r.error?.exitCode).toBe(2);
      expect(r.error?.code).toBe('asc.key.is-iap-key');
      expect(existsSync(config)).toBe(false);
    }
    const orphan = await initInProcess({ ...ALL_FLAGS, ascIssuerId: ISSUER_ID, config: freshConfigPath() });
    expect(orphan.error?.message).toBe('no terminal to ask on, and --asc-key not given');
  });

  it('names the missing values by flags that init really takes', async () => {
    const config = freshConfigPath();
    const r = await initInProcess({ issuerId: ISSUER_ID, config });
    expect(r.error?.exitCode).toBe(2);
    expect(r.error?.message).toBe('no terminal to ask on, and --key, --bundle-id not given');
    const init = buildProgram().commands.find((c: Command) => c.name() === 'init')!;
    const accepted = new Set(init.options.map((o) => o.long));
    const named = `${r.error?.message} ${r.error?.fix}`.match(/--[a-z-]+/g)!;
    expect(named.length).toBeGreaterThan(5);
    for (const f of named) expect(accepted, f).toContain(f);
    expect(existsSync(join(config, '..', '..'))).toBe(false);
  });

  it('keeps what the file holds (the wizard’s defaults) and changes only what the flags give', async () => {
    const config = freshConfigPath();
    expect((await initInProcess({ ...ALL_FLAGS, config })).code).toBe(0);
    const r = await initInProcess({ sandboxUrl: 'https://example.com/other', config });
    expect(r.code).toBe(0);
    const saved = JSON.parse(readFileSync(config, 'utf8'));
    expect(saved.notificationUrls).toEqual({ production: 'https://example.com/asn', sandbox: 'https://example.com/other' });
    expect(saved.issuerId).toBe(ISSUER_ID);
    expect(saved.environment).toBe('production');
  });

  it('refuses a value from the existing file that the wizard would refuse, and leaves the file as it was', async () => {
    const config = freshConfigPath();
    mkdirSync(join(config, '..'), { recursive: true });
    const before = JSON.stringify({ issuerId: ISSUER_ID, privateKeyPath: keyPath, bundleId: BUNDLE_ID, notificationUrls: { production: 'https://example.com:80/asn' } });
    writeFileSync(config, before, { mode: 0o600 });
    const r = await initInProcess({ config });
    expect(r.error?.exitCode).toBe(2);
    expect(r.error?.message).toContain(`(from config file ${config}): port 80`);
    expect(readFileSync(config, 'utf8')).toBe(before);
  });

  it('a config path whose folder cannot exist (under a file) is exit 2 with one line, nothing written', async () => {
    const file = join(dir.path, 'plain-file');
    writeFileSync(file, 'x');
    const r = await initInProcess({ ...ALL_FLAGS, config: join(file, 'config.json') });
    expect(r.error?.exitCode).toBe(2);
    expect(r.error?.message).toMatch(/^cannot write the config file .*plain-file\/config\.json \(a file is in the way where a folder should be\)$/);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});

describe('init: the wizard and the flags', () => {
  it('the wizard on a terminal and the flags without one write the same file; both refuse port 80', async () => {
    const wizardHome = join(dir.path, 'wizard-xdg');
    const steps: [string, string][] = [
      [`(${keyPath})`, '\r'],
      [`Key ID (10 characters, shown next to the key): (${KEY_ID})`, '\r'],
      ['Issuer ID', `${ISSUER_ID}\r`],
      ['Bundle ID', `${BUNDLE_ID}\r`],
      ['App Apple ID', '1234567890\r'],
      ['Which environment', '\x1b[B\r'],
      ['Production notification URL', 'https://example.com:80/asn\r'],
      ['port 80: Apple only delivers to port 443', '\x15https://example.com/asn\r'],
      ['Sandbox notification URL', 'https://example.com/asn-sandbox\r'],
      ['Add an App Store Connect API key', '\r'],
      ['Write ', '\r'],
    ];
    const res = await ptyInit([], steps, cleanEnv({ XDG_CONFIG_HOME: wizardHome, HOME: join(dir.path, 'home') }));
    expect(res.failedAt, res.transcript).toBeNull();
    expect(res.code, res.transcript).toBe(0);

    const flagsHome = join(dir.path, 'flags-xdg');
    const args = ['init', '--key', keyPath, '--issuer-id', ISSUER_ID, '--bundle-id', BUNDLE_ID, '--app-apple-id', '1234567890', '--env', 'production'];
    const refused = await runInProcess([...args, '--production-url', 'https://example.com:80/asn'], { cwd: keyDir, env: { XDG_CONFIG_HOME: flagsHome } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: https:\/\/example\.com:80\/asn \(from --production-url\): port 80: Apple only delivers to port 443/);
    expect(existsSync(flagsHome)).toBe(false);

    const r = await runInProcess([...args, '--production-url', 'https://example.com/asn', '--sandbox-url', 'https://example.com/asn-sandbox'], {
      cwd: keyDir,
      env: { XDG_CONFIG_HOME: flagsHome },
    });
    expect(r.code, r.stderr).toBe(0);
    const wizardFile = readFileSync(join(wizardHome, 'asn-doctor', 'config.json'), 'utf8');
    expect(readFileSync(join(flagsHome, 'asn-doctor', 'config.json'), 'utf8')).toBe(wizardFile);
    expect(JSON.parse(wizardFile).notificationUrls.production).toBe('https://example.com/asn');
  }, 45_000);

  it('on a terminal, an unwritable config folder is refused before the first question', async () => {
    const file = join(dir.path, 'not-a-folder');
    writeFileSync(file, 'x');
    const res = await ptyInit(['--config', join(file, 'config.json')], [], cleanEnv({ HOME: join(dir.path, 'home') }));
    expect(res.code, res.transcript).toBe(2);
    expect(res.transcript).toContain('cannot write the config file');
    expect(res.transcript).not.toContain('In-App Purchase key');
  }, 30_000);

  it('on a terminal, flags given are not asked again (only the rest is)', async () => {
    const home = join(dir.path, 'partial-xdg');
    const steps: [string, string][] = [
      [`Key ID (10 characters, shown next to the key): (${KEY_ID})`, '\r'],
      ['App Apple ID', '\r'],
      ['Which environment', '\r'],
      ['Production notification URL', '\r'],
      ['Sandbox notification URL', '\r'],
      ['Add an App Store Connect API key', 'y\r'],
      [`(${ascKeyPath})`, '\r'],
      [`App Store Connect key ID (10 characters, shown next to the key): (${ASC_KID})`, '\r'],
      ['Issuer ID of the App Store Connect key', '\r'],
      ['Write ', '\r'],
    ];
    const res = await ptyInit(['--key', keyPath, '--issuer-id', ISSUER_ID, '--bundle-id', BUNDLE_ID], steps, cleanEnv({ XDG_CONFIG_HOME: home, HOME: join(dir.path, 'home') }));
    expect(res.failedAt, res.transcript).toBeNull();
    expect(res.code, res.transcript).toBe(0);
    expect(res.transcript).not.toContain('Issuer ID (the UUID');
    expect(res.transcript).not.toContain('Path of the In-App Purchase key');
    // The optional App Store Connect step: the AuthKey_*.p8 found here offered, an individual key (no issuer ID).
    expect(JSON.parse(readFileSync(join(home, 'asn-doctor', 'config.json'), 'utf8'))).toEqual({
      issuerId: ISSUER_ID,
      keyId: KEY_ID,
      privateKeyPath: keyPath,
      bundleId: BUNDLE_ID,
      environment: 'sandbox',
      ascKeyId: ASC_KID,
      ascPrivateKeyPath: ascKeyPath,
    });
  }, 30_000);
});

describe('init on a full disk or an unwritable folder', () => {
  const initArgs = ['--key', keyPath, '--issuer-id', ISSUER_ID, '--bundle-id', BUNDLE_ID];

  it.skipIf(!canUnshare('-rm'))('ENOSPC: exit 2, one line, no temporary file left, the old config intact', () => {
    const mount = join(dir.path, 'full');
    mkdirSync(mount);
    // A 64 KiB tmpfs in a private mount namespace, filled up, holding an existing config.
    const script = [
      `mount -t tmpfs -o size=64k tmpfs '${mount}'`,
      `mkdir '${mount}/cfg' && printf '{"bundleId":"com.example.old"}' > '${mount}/cfg/config.json'`,
      `{ dd if=/dev/zero of='${mount}/fill' bs=4k count=64 2>/dev/null || true; }`,
      `'${process.execPath}' '${CLI}' init --config '${mount}/cfg/config.json' ${initArgs.map((a) => `'${a}'`).join(' ')} </dev/null 2>'${dir.path}/enospc.err'; echo "EXIT=$?"`,
      `cat '${mount}/cfg/config.json'; echo; ls -A '${mount}/cfg'`,
    ].join(' && ');
    const out = execFileSync('unshare', ['-rm', 'sh', '-c', script], { encoding: 'utf8', env: cleanEnv() });
    const stderr = readFileSync(join(dir.path, 'enospc.err'), 'utf8');
    expect(out).toContain('EXIT=2');
    expect(stderr).toMatch(/^error: cannot write the config file .*\(the disk is full \(no space left on the device\)\)\n  fix: .*\n$/);
    expect(out).toContain('{"bundleId":"com.example.old"}');
    // Only the old file: no temporary or probe file left behind.
    expect(out.trim().split('\n').pop()).toBe('config.json');
  });

  it('EACCES: a folder the user cannot write is exit 2 with one line, nothing created', async () => {
    const locked = join(dir.path, 'locked');
    mkdirSync(locked, { mode: 0o755 });
    const isRoot = process.getuid?.() === 0;
    let r: { code: number | null; stderr: string };
    if (isRoot) {
      // Root writes anywhere: run as nobody instead, with a key nobody can read.
      const nobodyKey = join(dir.path, 'nobody', `SubscriptionKey_${KEY_ID}.p8`);
      mkdirSync(join(nobodyKey, '..'), { mode: 0o755 });
      writeFileSync(nobodyKey, readFileSync(keyPath), { mode: 0o600 });
      execFileSync('chown', ['-R', '65534:65534', join(nobodyKey, '..')]);
      chmodSync(dir.path, 0o755);
      r = await new Promise((resolve) =>
        execFile(
          'setpriv',
          ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'init', '--config', join(locked, 'sub', 'config.json'), '--key', nobodyKey, '--issuer-id', ISSUER_ID, '--bundle-id', BUNDLE_ID],
          { env: cleanEnv({ HOME: '/tmp' }) },
          (err, _stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stderr }),
        ),
      );
    } else {
      chmodSync(locked, 0o555);
      r = await runInProcess(['init', '--config', join(locked, 'sub', 'config.json'), ...initArgs]);
    }
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^error: cannot write the config file .*\(permission denied\)\n  fix: .*\n$/);
    expect(readdirSync(locked)).toEqual([]);
  });
});
