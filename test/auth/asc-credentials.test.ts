// The App Store Connect API key, resolved beside the In-App Purchase key: the same precedence (flags >
// ASN_ASC_* > config file, which keeps the key's path only), the same key diagnostics, individual keys
// without an issuer ID, and the In-App Purchase key refused as the App Store Connect key before any request.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveAscCredentials, resolveCredentials } from '../../src/auth/index.js';
import { configLocation, readConfig, writeConfig } from '../../src/config/index.js';
import { UsageError } from '../../src/errors.js';
import { ISSUER_ID, KEY_ID, p256, pemBody, TempDir } from './helpers/keys.js';

const dir = new TempDir();
afterAll(() => dir.remove());
const ASC_KID = 'ZZZZZ99999';
const asc = p256();
const iap = p256();
const ascPath = dir.file(`AuthKey_${ASC_KID}.p8`, asc.pkcs8Pem);
const iapPath = dir.file(`SubscriptionKey_${KEY_ID}.p8`, iap.pkcs8Pem);
const env = (sub: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ XDG_CONFIG_HOME: join(dir.path, sub), HOME: join(dir.path, sub, 'h'), ...extra });

async function refused(p: Promise<unknown>): Promise<UsageError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('resolveAscCredentials', () => {
  it('nothing configured: undefined, or the missing-credentials error when required', async () => {
    expect(await resolveAscCredentials({}, env('none'), { cwd: dir.path })).toBeUndefined();
    const e = await refused(resolveAscCredentials({}, env('none'), { cwd: dir.path, required: true }));
    expect(e.code).toBe('asc.credentials.missing');
    expect(e.message).toContain('--asc-key or ASN_ASC_PRIVATE_KEY_PATH or ASN_ASC_PRIVATE_KEY');
  });

  it('a team key from flags; the key ID from AuthKey_<KEYID>.p8', async () => {
    const c = (await resolveAscCredentials({ ascKey: ascPath, ascIssuerId: ISSUER_ID }, env('a'), { cwd: dir.path }))!;
    expect(c).toMatchObject({ keyId: ASC_KID, issuerId: ISSUER_ID, keyKind: 'team', keyPath: ascPath });
    expect(c.sources).toEqual({ ascIssuerId: 'flag', ascKeyId: 'default', ascKey: 'flag' });
  });

  it('no issuer ID: an individual key', async () => {
    const c = (await resolveAscCredentials({ ascKey: ascPath }, env('b'), { cwd: dir.path }))!;
    expect(c.keyKind).toBe('individual');
    expect(c.issuerId).toBeUndefined();
  });

  it('precedence flags > ASN_ASC_* > config file; the config file holds the path (relative to it), never the key', async () => {
    const e = env('p', { ASN_ASC_KEY_ID: 'ENVKEY0001', ASN_ASC_URL: 'http://127.0.0.1:9/asc' });
    const path = configLocation(e).path;
    await writeConfig(path, { ascIssuerId: ISSUER_ID, ascKeyId: 'CFGKEY0001', ascPrivateKeyPath: ascPath, ascUrl: 'http://127.0.0.1:8/asc' });
    const c = (await resolveAscCredentials({ ascKeyId: 'FLAGKEY001' }, e, { cwd: dir.path }))!;
    expect(c).toMatchObject({ keyId: 'FLAGKEY001', issuerId: ISSUER_ID, ascUrl: 'http://127.0.0.1:9/asc', keyPath: ascPath });
    expect(c.sources).toEqual({ ascKeyId: 'flag', ascIssuerId: 'config', ascUrl: 'env', ascKey: 'config' });
    expect(await readConfig(path, true)).not.toHaveProperty('ascPrivateKey');

    await writeConfig(path, { ascPrivateKeyPath: ascPath, ascPrivateKey: asc.pkcs8Pem } as never);
    const inFile = await refused(resolveAscCredentials({}, e, { cwd: dir.path }));
    expect(inFile.code).toBe('config.asc-key-in-file');
    expect(`${inFile.message} ${inFile.fix}`).not.toContain(pemBody(asc.pkcs8Pem).slice(0, 40));
  });

  it('ASN_ASC_PRIVATE_KEY holds the PEM text (literal \\n accepted); it wins over the path variable', async () => {
    const text = asc.pkcs8Pem.replace(/\n/g, '\\n');
    const c = (await resolveAscCredentials({ ascKeyId: ASC_KID }, env('t', { ASN_ASC_PRIVATE_KEY: text, ASN_ASC_PRIVATE_KEY_PATH: '/nonexistent.p8' }), { cwd: dir.path }))!;
    expect(c.sources.ascKey).toBe('env');
    expect(c.keyPath).toBeUndefined();
  });

  it('format and key problems have the same diagnostics, naming the flag or variable', async () => {
    const badId = await refused(resolveAscCredentials({ ascKey: ascPath, ascKeyId: 'short' }, env('f'), { cwd: dir.path }));
    expect([badId.code, badId.message]).toEqual(['asc.format.key-id', 'App Store Connect key ID "short" (from --asc-key-id) is not 10 upper-case letters and digits']);
    const badIssuer = await refused(resolveAscCredentials({ ascKey: ascPath }, env('f', { ASN_ASC_ISSUER_ID: 'nope' }), { cwd: dir.path }));
    expect(badIssuer.message).toBe('issuer ID "nope" (from ASN_ASC_ISSUER_ID) is not a UUID');
    const missing = await refused(resolveAscCredentials({ ascKey: join(dir.path, 'AuthKey_AAAAA11111.p8') }, env('f'), { cwd: dir.path }));
    expect(missing.code).toBe('auth.key.missing');
    expect(missing.fix).toBe('Check the path given with --asc-key, ASN_ASC_PRIVATE_KEY_PATH or "ascPrivateKeyPath" in the config file.');
    const rsa = dir.file('AuthKey_RSA0000000.p8', '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n');
    const notEc = await refused(resolveAscCredentials({ ascKey: rsa }, env('f'), { cwd: dir.path }));
    expect(notEc.code).toBe('auth.key.rsa');
    // Worded for this kind of key: its file name and where it is created.
    expect(notEc.fix).toContain('Use the AuthKey_<KEYID>.p8 file exactly as downloaded from App Store Connect > Users and Access > Integrations > App Store Connect API');
    const url = await refused(resolveAscCredentials({ ascKey: ascPath }, env('f', { ASN_ASC_URL: 'ftp://x' }), { cwd: dir.path }));
    expect(url.code).toBe('asc.format.url');
  });

  describe('the In-App Purchase key given as the App Store Connect key is refused (the commonest mix-up)', () => {
    it('the same file', async () => {
      const e = await refused(resolveAscCredentials({ ascKey: iapPath, key: iapPath }, env('x'), { cwd: dir.path }));
      expect([e.code, e.message]).toEqual(['asc.key.is-iap-key', 'the App Store Connect API key (--asc-key) is the In-App Purchase key (--key)']);
      expect(e.exitCode).toBe(2);
    });

    it('the same key in another file, from the environment', async () => {
      const copy = dir.file(`AuthKey_${ASC_KID}-copy.p8`, iap.pkcs8Pem);
      const e = await refused(resolveAscCredentials({ ascKey: copy, ascKeyId: ASC_KID }, env('y', { ASN_PRIVATE_KEY_PATH: iapPath }), { cwd: dir.path }));
      expect(e.message).toBe('the App Store Connect API key (--asc-key) is the In-App Purchase key (ASN_PRIVATE_KEY_PATH)');
    });

    it('the same key ID', async () => {
      const e = await refused(resolveAscCredentials({ ascKey: ascPath, ascKeyId: KEY_ID, keyId: KEY_ID }, env('z'), { cwd: dir.path }));
      expect(e.message).toBe('the App Store Connect API key (--asc-key-id) is the In-App Purchase key (--key-id)');
    });

    it('and the other way round: the App Store Connect key given as the In-App Purchase key', async () => {
      const e = await refused(resolveCredentials({ key: ascPath, keyId: ASC_KID }, env('r', { ASN_ASC_PRIVATE_KEY_PATH: ascPath }), { need: [], cwd: dir.path }));
      expect([e.code, e.message]).toEqual(['auth.key.is-asc-key', 'the In-App Purchase key (--key) is the App Store Connect API key (ASN_ASC_PRIVATE_KEY_PATH)']);
      // Different keys side by side are fine.
      const c = await resolveCredentials({ key: iapPath }, env('r', { ASN_ASC_PRIVATE_KEY_PATH: ascPath }), { need: ['privateKey'], cwd: dir.path });
      expect(c.keyId).toBe(KEY_ID);
    });

    it('a SubscriptionKey_*.p8 file with no App Store Connect key ID', async () => {
      const e = await refused(resolveAscCredentials({ ascKey: iapPath }, env('w'), { cwd: dir.path }));
      expect(e.code).toBe('asc.key.iap-file');
      // With an explicit key ID it is taken, with a warning: a file name is only a hint.
      const c = (await resolveAscCredentials({ ascKey: iapPath, ascKeyId: 'ABCDE00000' }, env('w'), { cwd: dir.path }))!;
      expect(c.warnings.map((w) => w.id)).toEqual(['asc.key.iap-file-name', 'auth.key.file-kid-mismatch']);
    });
  });
});
