// The App Store Connect API token: signed by asn-doctor's one signer, checked here by an independent
// decoder and verifier (jose), and held against its own rules (src/auth/asc-rules.ts) by token inspect.
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { ascTokenFindings, ascTokenParts, inspectToken, signAscToken, signJwt } from '../../src/auth/index.js';
import { UsageError } from '../../src/errors.js';
import { ISSUER_ID, KEY_ID, p256 } from './helpers/keys.js';

const key = p256();
const NOW = new Date('2026-03-01T12:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);

describe('signAscToken, read by jose', () => {
  it('a team key: ES256, kid, typ JWT; iss, iat, exp within 20 minutes, aud appstoreconnect-v1; no bid, no sub', async () => {
    const jwt = signAscToken({ issuerId: ISSUER_ID, keyId: KEY_ID, privateKey: key.privateKey });
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'ES256', kid: KEY_ID, typ: 'JWT' });
    const claims = decodeJwt(jwt);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss']);
    expect(claims).toMatchObject({ iss: ISSUER_ID, aud: 'appstoreconnect-v1' });
    const now = Math.floor(Date.now() / 1000);
    expect(Math.abs(claims.iat! - now)).toBeLessThanOrEqual(2);
    expect(claims.exp! - claims.iat!).toBe(300);
    expect(claims.exp! - now).toBeLessThanOrEqual(20 * 60);
    // The signature verifies with the key's public half, independently of asn-doctor's code.
    const verified = await jwtVerify(jwt, key.publicKey, { audience: 'appstoreconnect-v1', issuer: ISSUER_ID, algorithms: ['ES256'] });
    expect(verified.payload.iss).toBe(ISSUER_ID);
  });

  it('an individual key: sub "user" and no iss', async () => {
    const jwt = signAscToken({ keyId: KEY_ID, privateKey: key.privateKey }, { ttlMinutes: 20 });
    const claims = decodeJwt(jwt);
    expect(claims.sub).toBe('user');
    expect(claims.iss).toBeUndefined();
    expect(claims.exp! - claims.iat!).toBe(1200);
    await expect(jwtVerify(jwt, key.publicKey, { audience: 'appstoreconnect-v1', subject: 'user' })).resolves.toBeTruthy();
  });

  it('refuses a lifetime over 20 minutes (exit 2)', () => {
    expect(() => ascTokenParts({ keyId: KEY_ID }, { ttlMinutes: 21 })).toThrow(UsageError);
    try {
      ascTokenParts({ keyId: KEY_ID }, { ttlMinutes: 30 });
    } catch (err) {
      expect((err as UsageError).code).toBe('asc.token.ttl');
      expect((err as UsageError).exitCode).toBe(2);
    }
  });
});

describe('the App Store Connect token rules', () => {
  const header = { alg: 'ES256', kid: KEY_ID, typ: 'JWT' };
  const team = { iss: ISSUER_ID, iat: T - 10, exp: T + 600, aud: 'appstoreconnect-v1' };
  const failing = (claims: Record<string, unknown>) => ascTokenFindings(header, claims, NOW).filter((c) => c.status === 'fail').map((c) => c.id);

  it('a good team token and a good individual token break no rule', () => {
    expect(failing(team)).toEqual([]);
    expect(failing({ sub: 'user', iat: T, exp: T + 1200, aud: 'appstoreconnect-v1' })).toEqual([]);
  });

  it.each([
    ['lifetime over 20 minutes', { ...team, iat: T, exp: T + 1800 }, ['asc.jwt.lifetime', 'asc.jwt.exp-too-far']],
    ['exp far ahead without iat', { iss: ISSUER_ID, exp: T + 3600, aud: 'appstoreconnect-v1' }, ['asc.jwt.exp-too-far']],
    ['iss and sub together', { ...team, sub: 'user' }, ['asc.jwt.iss-and-sub']],
    ['neither iss nor sub', { iat: T, exp: T + 300, aud: 'appstoreconnect-v1' }, ['asc.jwt.identity-missing']],
    ['sub other than user', { sub: 'me', iat: T, exp: T + 300, aud: 'appstoreconnect-v1' }, ['asc.jwt.sub']],
    ['iss not a UUID', { ...team, iss: 'team' }, ['asc.jwt.iss-format']],
    ['wrong aud', { ...team, aud: 'appstoreconnect-v2' }, ['auth.jwt.aud']],
    ['scope not a list', { ...team, scope: 'GET /v1/apps' }, ['asc.jwt.scope-format']],
    ['expired', { ...team, iat: T - 1200, exp: T - 60 }, ['auth.jwt.expired']],
  ])('%s', (_name, claims, ids) => {
    expect(failing(claims)).toEqual(ids);
  });

  it('bid is a warning (App Store Connect ignores it), not a failure', () => {
    const f = ascTokenFindings(header, { ...team, bid: 'com.example.app' }, NOW);
    expect(f.find((c) => c.id === 'asc.jwt.bid')?.status).toBe('warn');
  });
});

describe('token inspect tells the two kinds apart', () => {
  const sign = (claims: Record<string, unknown>) => signJwt({ alg: 'ES256', kid: KEY_ID, typ: 'JWT' }, claims, key.privateKey);
  const now = () => Math.floor(Date.now() / 1000);

  it('bid: an App Store Server API token, checked with its 60-minute rule', () => {
    const r = inspectToken(sign({ iss: ISSUER_ID, iat: now(), exp: now() + 3000, aud: 'appstoreconnect-v1', bid: 'com.example.app' }));
    expect([r.kind, r.kindFrom, r.ok]).toEqual(['app-store-server', 'claims', true]);
  });

  it('sub "user": an App Store Connect token, checked with its 20-minute rule', () => {
    const r = inspectToken(sign({ sub: 'user', iat: now(), exp: now() + 3000, aud: 'appstoreconnect-v1' }), { publicKey: key.publicKey });
    expect([r.kind, r.kindFrom, r.ok]).toEqual(['app-store-connect', 'claims', false]);
    expect(r.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['asc.jwt.lifetime', 'asc.jwt.exp-too-far']);
    expect(r.checks.map((c) => c.id)).toContain('auth.jwt.signature-ok');
  });

  it('a team token (iss, no bid): checked as App Store Server API unless --as asc or an AuthKey_ file says otherwise', () => {
    const jwt = signAscToken({ issuerId: ISSUER_ID, keyId: KEY_ID, privateKey: key.privateKey });
    const assumed = inspectToken(jwt);
    expect([assumed.kind, assumed.kindFrom, assumed.ok]).toEqual(['app-store-server', 'default', false]);
    expect(assumed.checks[0]!.id).toBe('auth.jwt.kind-assumed');
    expect(assumed.checks.map((c) => c.id)).toContain('auth.jwt.bid-missing');
    const asked = inspectToken(jwt, { kind: 'app-store-connect' });
    expect([asked.kind, asked.kindFrom, asked.ok]).toEqual(['app-store-connect', 'option', true]);
    const byFile = inspectToken(jwt, { keyFileKind: 'app-store-connect' });
    expect([byFile.kind, byFile.kindFrom, byFile.ok]).toEqual(['app-store-connect', 'key-file', true]);
  });
});
