import { statSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveCredentials } from '../../src/auth/index.js';
import { configLocation, readConfig, writeConfig } from '../../src/config/index.js';
import { UsageError } from '../../src/errors.js';
import { BUNDLE_ID, ISSUER_ID, KEY_ID, p256, TempDir } from './helpers/keys.js';

const dir = new TempDir();
afterAll(() => dir.remove());
const key = p256();
const keyPath = dir.file(`SubscriptionKey_${KEY_ID}.p8`, key.pkcs8Pem);
const ALL = ['issuerId', 'keyId', 'privateKey', 'bundleId'] as const;
/** Every test points the config file at its own temp folder. */
const baseEnv = (sub: string): NodeJS.ProcessEnv => ({ XDG_CONFIG_HOME: join(dir.path, sub), HOME: join(dir.path, sub, 'home') });

async function usageError(p: Promise<unknown>): Promise<UsageError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('resolveCredentials', () => {
  it('takes flags, and the key ID from SubscriptionKey_<KEYID>.p8 when none is given', async () => {
    const c = await resolveCredentials({ issuerId: ISSUER_ID, key: keyPath, bundleId: BUNDLE_ID }, baseEnv('a'), { need: ALL, cwd: dir.path });
    expect(c).toMatchObject({ issuerId: ISSUER_ID, keyId: KEY_ID, bundleId: BUNDLE_ID, environment: 'sandbox', keyPath });
    expect(c.privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(c.sources).toEqual({ issuerId: 'flag', keyId: 'default', bundleId: 'flag', privateKey: 'flag', environment: 'default' });
    expect(c.warnings).toEqual([]);
  });

  it('precedence: flags > environment > config file', async () => {
    const env = { ...baseEnv('p'), ASN_BUNDLE_ID: 'com.env.app', ASN_KEY_ID: 'ENVKEY0001', ASN_ENVIRONMENT: 'production' };
    await writeConfig(configLocation(env).path, {
      issuerId: ISSUER_ID,
      keyId: 'CFGKEY0001',
      bundleId: 'com.config.app',
      appAppleId: '1234567890',
      privateKeyPath: keyPath,
      environment: 'sandbox',
      apiUrl: 'http://127.0.0.1:9/',
    });
    const c = await resolveCredentials({ bundleId: 'com.flag.app' }, env, { need: ALL, cwd: dir.path });
    expect(c.bundleId).toBe('com.flag.app');
    expect(c.keyId).toBe('ENVKEY0001');
    expect(c.issuerId).toBe(ISSUER_ID);
    expect(c.environment).toBe('production');
    expect(c.apiUrl).toBe('http://127.0.0.1:9/');
    expect(c.appAppleId).toBe('1234567890');
    expect(c.sources).toMatchObject({ bundleId: 'flag', keyId: 'env', issuerId: 'config', environment: 'env', privateKey: 'config', appAppleId: 'config' });
    // A key ID that differs from the file name is worth a warning.
    expect(c.warnings.map((w) => w.id)).toEqual(['auth.key.file-kid-mismatch']);
  });

  it('reads ASN_PRIVATE_KEY (PEM text) and ASN_PRIVATE_KEY_PATH; the text wins', async () => {
    const other = p256();
    const env = { ...baseEnv('k'), ASN_ISSUER_ID: ISSUER_ID, ASN_KEY_ID: KEY_ID, ASN_BUNDLE_ID: BUNDLE_ID, ASN_PRIVATE_KEY_PATH: keyPath };
    const fromPath = await resolveCredentials({}, env, { need: ALL, cwd: dir.path });
    expect(fromPath.keyPath).toBe(keyPath);
    const fromText = await resolveCredentials({}, { ...env, ASN_PRIVATE_KEY: other.pkcs8Pem }, { need: ALL, cwd: dir.path });
    expect(fromText.keyPath).toBeUndefined();
    expect(fromText.privateKey.export({ format: 'jwk' })).toEqual(other.privateKey.export({ format: 'jwk' }));
  });

  it('takes the base64 body alone from ASN_PRIVATE_KEY or --key, and never echoes a bad secret', async () => {
    const body = key.pkcs8Pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('\n');
    const env = { ...baseEnv('b'), ASN_ISSUER_ID: ISSUER_ID, ASN_KEY_ID: KEY_ID, ASN_BUNDLE_ID: BUNDLE_ID };
    const viaEnv = await resolveCredentials({}, { ...env, ASN_PRIVATE_KEY: body }, { need: ALL, cwd: dir.path });
    expect(viaEnv.warnings.map((w) => w.id)).toEqual(['auth.key.no-pem-lines']);
    const viaFlag = await resolveCredentials({ key: body.replace(/\n/g, '') }, env, { need: ALL, cwd: dir.path });
    expect(viaFlag.privateKey.type).toBe('private');
    const secret = 'not-a-key-but-a-secret-value';
    const e = await usageError(resolveCredentials({}, { ...env, ASN_PRIVATE_KEY: secret }, { need: ALL, cwd: dir.path }));
    expect(e.code).toBe('auth.key.not-pem');
    expect(e.message).toContain('ASN_PRIVATE_KEY');
    expect(e.message).not.toContain(secret);
  });

  it('resolves a relative key path in the config file against the config folder', async () => {
    const cfgDir = join(dir.path, 'rel');
    mkdirSync(cfgDir, { recursive: true });
    writeFileSync(join(cfgDir, 'SubscriptionKey_RELKEY0001.p8'), key.pkcs8Pem, { mode: 0o600 });
    const cfg = join(cfgDir, 'asn.json');
    await writeConfig(cfg, { issuerId: ISSUER_ID, bundleId: BUNDLE_ID, privateKeyPath: 'SubscriptionKey_RELKEY0001.p8' });
    const c = await resolveCredentials({ config: cfg }, baseEnv('rel'), { need: ALL, cwd: dir.path });
    expect(c.keyId).toBe('RELKEY0001');
    expect(c.keyPath).toBe(join(cfgDir, 'SubscriptionKey_RELKEY0001.p8'));
  });

  it('lists every missing credential with both its flag and its variable', async () => {
    const e = await usageError(resolveCredentials({}, baseEnv('m'), { need: [...ALL, 'appAppleId'], cwd: dir.path }));
    expect(e.code).toBe('auth.credentials.missing');
    expect(e.exitCode).toBe(2);
    for (const s of ['--issuer-id', 'ASN_ISSUER_ID', '--key-id', 'ASN_KEY_ID', '--key', 'ASN_PRIVATE_KEY_PATH', 'ASN_PRIVATE_KEY', '--bundle-id', 'ASN_BUNDLE_ID', '--app-apple-id', 'ASN_APP_APPLE_ID']) {
      expect(e.message).toContain(s);
    }
    expect(e.fix).toContain('asn-doctor init');
  });

  it('requires only what is needed', async () => {
    const c = await resolveCredentials({ bundleId: BUNDLE_ID }, baseEnv('n'), { need: ['bundleId'], cwd: dir.path });
    expect(c.bundleId).toBe(BUNDLE_ID);
    expect(c.privateKey).toBeUndefined();
  });

  it.each([
    [{ issuerId: 'not-a-uuid' }, 'auth.format.issuer-id', '--issuer-id'],
    [{ keyId: 'abcde12345' }, 'auth.format.key-id-case', '--key-id'],
    [{ keyId: 'ABC' }, 'auth.format.key-id', '--key-id'],
    [{ bundleId: 'ABCDE12345.com.example.app' }, 'auth.format.bundle-id-team-prefix', '--bundle-id'],
    [{ bundleId: 'myapp' }, 'auth.format.bundle-id', '--bundle-id'],
    [{ appAppleId: 'id123' }, 'auth.format.app-apple-id', '--app-apple-id'],
    [{ env: 'staging' }, 'auth.format.environment', '--env'],
    [{ apiUrl: 'ftp://x' }, 'auth.format.api-url', '--api-url'],
  ])('rejects a bad format before any request: %j', async (flags, code, origin) => {
    const e = await usageError(resolveCredentials({ issuerId: ISSUER_ID, keyId: KEY_ID, key: keyPath, bundleId: BUNDLE_ID, ...flags }, baseEnv('f'), { need: ALL, cwd: dir.path }));
    expect(e.code).toBe(code);
    expect(e.message).toContain(origin);
  });

  it('names the environment variable a bad value came from', async () => {
    const e = await usageError(resolveCredentials({}, { ...baseEnv('v'), ASN_ISSUER_ID: '123' }, { need: [], cwd: dir.path }));
    expect(e.message).toContain('ASN_ISSUER_ID');
  });

  it('warns about an App Store Connect API key file name', async () => {
    const asc = dir.file('AuthKey_ABCDE12345.p8', key.pkcs8Pem);
    const c = await resolveCredentials({ issuerId: ISSUER_ID, keyId: KEY_ID, key: asc, bundleId: BUNDLE_ID }, baseEnv('asc'), { need: ALL, cwd: dir.path });
    expect(c.warnings.map((w) => w.id)).toEqual(['auth.key.asc-file-name']);
  });
});

describe('config file', () => {
  it('lives at --config, else ASN_CONFIG, else $XDG_CONFIG_HOME or ~/.config', () => {
    expect(configLocation({ ASN_CONFIG: '/x/env.json' }, { flag: '/x/flag.json' })).toMatchObject({ path: '/x/flag.json', explicit: true, source: 'flag' });
    expect(configLocation({ ASN_CONFIG: '/x/env.json', XDG_CONFIG_HOME: '/xdg' })).toMatchObject({ path: '/x/env.json', explicit: true, source: 'env' });
    expect(configLocation({ XDG_CONFIG_HOME: '/xdg', HOME: '/home/u' }).path).toBe('/xdg/asn-doctor/config.json');
    expect(configLocation({ HOME: '/home/u' }, { platform: 'linux' }).path).toBe('/home/u/.config/asn-doctor/config.json');
  });

  it('is written with mode 0600, also over an existing looser file, and holds the path, not the key', async () => {
    const p = join(dir.path, 'mode', 'nested', 'config.json');
    await writeConfig(p, { privateKeyPath: keyPath, keyId: KEY_ID });
    expect(statSync(p).mode & 0o777).toBe(0o600);
    chmodSync(p, 0o644);
    await writeConfig(p, { privateKeyPath: keyPath, keyId: KEY_ID });
    expect(statSync(p).mode & 0o777).toBe(0o600);
    expect(await readConfig(p, true)).toEqual({ privateKeyPath: keyPath, keyId: KEY_ID });
  });

  it('a missing default file is fine; a named one is an error', async () => {
    expect(await readConfig(join(dir.path, 'none.json'), false)).toBeUndefined();
    expect((await usageError(readConfig(join(dir.path, 'none.json'), true))).code).toBe('config.missing');
    const e = await usageError(resolveCredentials({}, { ...baseEnv('c'), ASN_CONFIG: join(dir.path, 'none.json') }, { need: [], cwd: dir.path }));
    expect(e.code).toBe('config.missing');
  });

  it('rejects bad JSON, non-objects, non-strings and a key stored in the file', async () => {
    const cases: [string, string][] = [
      ['{ nope', 'config.invalid-json'],
      ['[1,2]', 'config.not-object'],
      ['{"keyId": 5}', 'config.not-string'],
      [JSON.stringify({ privateKey: '-----BEGIN PRIVATE KEY-----' }), 'config.key-in-file'],
    ];
    for (const [text, code] of cases) {
      const p = dir.file(`bad-${code}.json`, text);
      const e = await usageError(readConfig(p, true));
      expect(e.code).toBe(code);
      expect(e.message).not.toContain('BEGIN PRIVATE KEY');
    }
  });
});
