// token, token inspect and init end to end. In-process (test/helpers/in-process-cli.ts: the real
// argument parser, command and top-level handler), except the runs marked "(process)": the bare JWT on
// the built CLI's own stdout, and init on a real terminal (a pty), Ctrl-C included. `npm test` builds first.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { signJwt } from '../../src/auth/index.js';
import { CLI, cleanEnv, runCli } from '../helpers/run-cli.js';
import { runInProcess, type InProcessResult } from '../helpers/in-process-cli.js';
import { BUNDLE_ID, ISSUER_ID, KEY_ID, p256, pemBody, TempDir } from './helpers/keys.js';

const dir = new TempDir();
afterAll(() => dir.remove());
const key = p256();
const keyFile = `SubscriptionKey_${KEY_ID}.p8`;
const keyPath = dir.file(keyFile, key.pkcs8Pem, 0o600);
const KEY_BODY = pemBody(key.pkcs8Pem);
const JWT_SHAPE = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;
/** Config always in a temp folder, never the user's. */
const home = { XDG_CONFIG_HOME: join(dir.path, 'xdg'), HOME: join(dir.path, 'home') };
const flags = ['--issuer-id', ISSUER_ID, '--key', keyPath, '--bundle-id', BUNDLE_ID];

function run(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<InProcessResult> {
  return runInProcess(args, { cwd: dir.path, env: { ...home, ...opts.env }, ...(opts.input === undefined ? {} : { input: opts.input }) });
}

function expectNoKey(...texts: string[]): void {
  for (const t of texts) {
    expect(t).not.toContain(KEY_BODY.slice(0, 40));
    expect(t).not.toContain('PRIVATE KEY-----');
  }
}

describe('asn-doctor token', () => {
  it('prints only the JWT and a newline on stdout, nothing on stderr (process)', async () => {
    const r = await runCli(['token', ...flags], { cwd: dir.path, env: home });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+\n$/);
    const jwt = r.stdout.trim();
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'ES256', kid: KEY_ID, typ: 'JWT' });
    const { payload } = await jwtVerify(jwt, key.publicKey, { audience: 'appstoreconnect-v1', issuer: ISSUER_ID });
    expect(payload.bid).toBe(BUNDLE_ID);
    expect(payload.exp! - payload.iat!).toBe(300);
    expectNoKey(r.stdout);
  });

  it('--ttl sets the lifetime and --json adds the decoded header and claims', async () => {
    const r = await run(['--json', 'token', ...flags, '--ttl', '60']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; token: string; header: object; claims: { iat: number; exp: number; bid: string }; sources: object };
    expect(doc.ok).toBe(true);
    expect(doc.header).toEqual({ alg: 'ES256', kid: KEY_ID, typ: 'JWT' });
    expect(doc.claims.exp - doc.claims.iat).toBe(3600);
    expect(doc.claims.bid).toBe(BUNDLE_ID);
    await expect(jwtVerify(doc.token, key.publicKey)).resolves.toBeTruthy();
    expectNoKey(r.stdout, r.stderr);
  });

  it.each(['61', '0', 'five'])('rejects --ttl %s with exit 2 and nothing on stdout', async (ttl) => {
    const r = await run(['token', ...flags, '--ttl', ttl]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^error: --ttl ${ttl} is not a whole number of minutes from 1 to 60.*\\n  fix: .*60`));
  });

  it('names every missing flag and variable (exit 2), also as JSON', async () => {
    const r = await run(['token']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    for (const s of ['--issuer-id', 'ASN_ISSUER_ID', '--key ', 'ASN_PRIVATE_KEY_PATH', '--bundle-id', 'ASN_BUNDLE_ID']) expect(r.stderr).toContain(s);
    const j = await run(['--json', 'token']);
    const doc = JSON.parse(j.stdout) as { ok: boolean; error: { code: string } };
    expect(doc).toMatchObject({ ok: false, error: { code: 'auth.credentials.missing' } });
  });

  it('takes everything from ASN_* variables, the key as PEM text, without echoing it even with --debug', async () => {
    const env = { ASN_ISSUER_ID: ISSUER_ID, ASN_KEY_ID: KEY_ID, ASN_BUNDLE_ID: BUNDLE_ID, ASN_PRIVATE_KEY: key.pkcs8Pem };
    const r = await run(['--debug', 'token'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+\n$/);
    expect(r.stderr).toContain('credentials from:');
    expectNoKey(r.stdout, r.stderr);
    expect(r.stderr).not.toMatch(JWT_SHAPE);
  });

  it('warns on stderr about a key readable by others, and stdout stays the bare JWT', async () => {
    const loose = dir.file('SubscriptionKey_LOOSE00001.p8', key.pkcs8Pem, 0o644);
    chmodSync(loose, 0o644);
    const r = await run(['token', '--issuer-id', ISSUER_ID, '--key', loose, '--bundle-id', BUNDLE_ID]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+\n$/);
    expect(r.stderr).toContain('can be read by other users (mode 644)');
    expect(r.stderr).toContain(`chmod 600 ${loose}`);
  });

  it('explains a wrong key file in one line with a fix (exit 2)', async () => {
    const pub = dir.file('public.pem', key.publicKey.export({ type: 'spki', format: 'pem' }) as string);
    const r = await run(['token', '--issuer-id', ISSUER_ID, '--key-id', KEY_ID, '--key', pub, '--bundle-id', BUNDLE_ID]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: public\.pem holds a public key; signing needs the private key\n  fix: .*SubscriptionKey_<KEYID>\.p8/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a bad bundle ID before signing anything', async () => {
    const r = await run(['token', ...flags.slice(0, 4), '--bundle-id', 'ABCDE12345.com.example.app']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('starts with a Team ID');
  });
});

describe('asn-doctor token inspect', () => {
  const now = Math.floor(Date.now() / 1000);
  const good = signJwt({ alg: 'ES256', kid: KEY_ID, typ: 'JWT' }, { iss: ISSUER_ID, iat: now, exp: now + 300, aud: 'appstoreconnect-v1', bid: BUNDLE_ID }, key.privateKey);
  const bad = signJwt({ alg: 'ES256', kid: KEY_ID }, { iss: ISSUER_ID, iat: now * 1000, exp: (now + 7200) * 1000, aud: 'appstoreconnect-v1' }, key.privateKey);

  it('passes a good token with its key, exit 0, without printing the token back', async () => {
    const r = await run(['token', 'inspect', good, '--key', keyFile]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ signature verifies with the given key');
    expect(r.stdout).toContain("No problems: the token follows Apple's rules.");
    expect(r.stdout).not.toMatch(JWT_SHAPE);
    expectNoKey(r.stdout, r.stderr);
  });

  it('lists every problem of a bad token and exits 1', async () => {
    const r = await run(['token', 'inspect', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ the header has no typ');
    expect(r.stdout).toContain('✗ no bid claim (bundle ID)');
    expect(r.stdout).toContain('✗ iat and exp in milliseconds; Apple wants seconds');
    expect(r.stdout).toContain('✗ lifetime is 120 min; Apple allows at most 60');
    expect(r.stdout).toMatch(/4 problems: Apple would reject this token \(401\)\./);
    expect(r.stdout).not.toMatch(JWT_SHAPE);
  });

  it('reads the token from stdin ("Authorization: Bearer ..." accepted) and checks the signature', async () => {
    const other = p256();
    const otherKey = dir.file('SubscriptionKey_OTHER00001.p8', other.pkcs8Pem);
    const r = await run(['--json', 'token', 'inspect', '--key', otherKey], { input: `Authorization: Bearer ${good}\n` });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { ok: boolean; claims: { bid: string }; checks: { id: string; status: string }[] };
    expect(doc.ok).toBe(false);
    expect(doc.claims.bid).toBe(BUNDLE_ID);
    expect(doc.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['auth.jwt.signature-invalid']);
    expect(doc.checks.map((c) => c.id)).toContain('auth.jwt.kid-file-mismatch');
    expect(r.stdout).not.toMatch(JWT_SHAPE);
  });

  it('rejects input that is not a JWT with exit 2', async () => {
    const r = await run(['token', 'inspect', 'hello.world']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: not a JWT: expected 3 dot-separated parts, found 2\n/);
  });
});

describe('asn-doctor init', () => {
  it('without a terminal and without values: exit 2 naming the flags init takes, and nothing written', async () => {
    const r = await run(['init']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: no terminal to ask on, and --key, --issuer-id, --bundle-id not given\n/);
    for (const s of ['--key-id', '--app-apple-id', '--env', '--production-url', '--sandbox-url']) expect(r.stderr).toContain(s);
    expect(existsSync(join(home.XDG_CONFIG_HOME, 'asn-doctor'))).toBe(false);
  });

  it('on a terminal (process): offers the key found here, checks answers, writes 0600 with the path only; token then uses it', async () => {
    const driver = fileURLToPath(new URL('./helpers/pty_drive.py', import.meta.url));
    // A folder holding exactly one key, so the wizard offers it as the default.
    const cwd = join(dir.path, 'pty-cwd');
    mkdirSync(cwd);
    const ptyKey = join(cwd, keyFile);
    writeFileSync(ptyKey, key.pkcs8Pem, { mode: 0o600 });
    const cfgHome = join(dir.path, 'pty-xdg');
    const env = cleanEnv({ XDG_CONFIG_HOME: cfgHome, HOME: join(dir.path, 'home') });
    const steps: [string, string][] = [
      [`(${ptyKey})`, '\r'],
      [`Key ID (10 characters, shown next to the key): (${KEY_ID})`, '\r'],
      ['Issuer ID', 'not-a-uuid\r'],
      ['is not a UUID', `\x15${ISSUER_ID}\r`],
      ['Bundle ID', 'ABCDE12345.com.example.app\r'],
      ['starts with a Team ID', `\x15${BUNDLE_ID}\r`],
      ['App Apple ID', '12ab\r'],
      ['is not a number', '\x151234567890\r'],
      ['Which environment', '\x1b[B\r'],
      ['Production notification URL', 'http://example.com/asn\r'],
      ['Apple only delivers to https', '\x15https://example.com:80/asn\r'],
      ['port 80: Apple only delivers to port 443', '\x15https://example.com/asn\r'],
      ['Sandbox notification URL', 'https://example.com/asn-sandbox\r'],
      ['Add an App Store Connect API key', '\r'],
      ['Write ', '\r'],
    ];
    const spec = { cmd: [process.execPath, CLI, 'init'], cwd, env, steps, timeout: 20 };
    const out = await new Promise<string>((resolve, reject) =>
      execFile('python3', [driver, JSON.stringify(spec)], { timeout: 35_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    const res = JSON.parse(out) as { code: number; failedAt: string | null; transcript: string };
    expect(res.failedAt, res.transcript).toBeNull();
    expect(res.code, res.transcript).toBe(0);
    expect(res.transcript).toContain('Saved');
    expectNoKey(res.transcript);

    const cfgPath = join(cfgHome, 'asn-doctor', 'config.json');
    expect(statSync(cfgPath).mode & 0o777).toBe(0o600);
    const text = readFileSync(cfgPath, 'utf8');
    expectNoKey(text);
    expect(JSON.parse(text)).toEqual({
      issuerId: ISSUER_ID,
      keyId: KEY_ID,
      privateKeyPath: ptyKey,
      bundleId: BUNDLE_ID,
      environment: 'production',
      appAppleId: '1234567890',
      notificationUrls: { production: 'https://example.com/asn', sandbox: 'https://example.com/asn-sandbox' },
    });

    const t = await runInProcess(['--json', 'token'], { cwd: dir.path, env: { XDG_CONFIG_HOME: cfgHome, HOME: join(dir.path, 'home') } });
    expect(t.code).toBe(0);
    const doc = JSON.parse(t.stdout) as { environment: string; sources: Record<string, string> };
    expect(doc.environment).toBe('production');
    expect(doc.sources).toMatchObject({ issuerId: 'config', keyId: 'config', privateKey: 'config', bundleId: 'config' });
    // A flag still wins over the file.
    const f = await runInProcess(['--json', 'token', '--env', 'sandbox'], { cwd: dir.path, env: { XDG_CONFIG_HOME: cfgHome, HOME: join(dir.path, 'home') } });
    expect((JSON.parse(f.stdout) as { environment: string }).environment).toBe('sandbox');
  }, 45_000);
});

describe('asn-doctor init, interrupted', () => {
  it('Ctrl-C at a prompt exits 130 and writes nothing (process)', async () => {
    const driver = fileURLToPath(new URL('./helpers/pty_drive.py', import.meta.url));
    const cfgHome = join(dir.path, 'pty-xdg-interrupt');
    const env = cleanEnv({ XDG_CONFIG_HOME: cfgHome, HOME: join(dir.path, 'home') });
    const spec = { cmd: [process.execPath, CLI, 'init'], cwd: dir.path, env, steps: [['In-App Purchase key', '\x03']], timeout: 15 };
    const out = await new Promise<string>((resolve, reject) =>
      execFile('python3', [driver, JSON.stringify(spec)], { timeout: 30_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    const res = JSON.parse(out) as { code: number; failedAt: string | null; transcript: string };
    expect(res.failedAt, res.transcript).toBeNull();
    expect(res.code, res.transcript).toBe(130);
    expect(existsSync(join(cfgHome, 'asn-doctor', 'config.json'))).toBe(false);
  });
});

describe('error wording reaches the user intact', () => {
  it('a file that is not a key gets the full message, not a redaction marker', async () => {
    const notes = dir.file('notes.txt', 'hello\n');
    const r = await run(['token', '--issuer-id', ISSUER_ID, '--key-id', KEY_ID, '--key', notes, '--bundle-id', BUNDLE_ID]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the key in notes.txt is not a PEM private key');
    expect(r.stderr).not.toContain('redacted');
  });
});
