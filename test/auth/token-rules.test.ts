import { sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiTokenFindings, apiTokenRejections, base64url, inspectToken, signApiToken, signJwt } from '../../src/auth/index.js';
import { UsageError } from '../../src/errors.js';
import { BUNDLE_ID, ISSUER_ID, KEY_ID, p256 } from './helpers/keys.js';

const key = p256();
const NOW = new Date('2026-06-01T12:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);
const goodHeader = { alg: 'ES256', kid: KEY_ID, typ: 'JWT' };
const goodClaims = { iss: ISSUER_ID, iat: T - 10, exp: T + 290, aud: 'appstoreconnect-v1', bid: BUNDLE_ID };

function failing(header: Record<string, unknown>, claims: Record<string, unknown>, now = NOW): string[] {
  return apiTokenRejections(header, claims, now).map((c) => c.id);
}
function ids(header: Record<string, unknown>, claims: Record<string, unknown>, status: string): string[] {
  return apiTokenFindings(header, claims, NOW)
    .filter((c) => c.status === status)
    .map((c) => c.id);
}

describe('apiTokenFindings (the rules token inspect and the emulator share)', () => {
  it('passes a correct token with no warning', () => {
    const all = apiTokenFindings(goodHeader, goodClaims, NOW);
    expect(all.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(all.map((c) => c.id)).toEqual(
      expect.arrayContaining(['auth.jwt.alg-ok', 'auth.jwt.kid-ok', 'auth.jwt.typ-ok', 'auth.jwt.iss-ok', 'auth.jwt.aud-ok', 'auth.jwt.bid-ok', 'auth.jwt.lifetime-ok', 'auth.jwt.valid-now']),
    );
  });

  it.each([
    ['alg HS256', { ...goodHeader, alg: 'HS256' }, goodClaims, 'auth.jwt.alg'],
    ['alg none', { ...goodHeader, alg: 'none' }, goodClaims, 'auth.jwt.alg'],
    ['missing kid', { alg: 'ES256', typ: 'JWT' }, goodClaims, 'auth.jwt.kid-missing'],
    ['bad kid', { ...goodHeader, kid: 'abc' }, goodClaims, 'auth.jwt.kid-format'],
    ['missing typ', { alg: 'ES256', kid: KEY_ID }, goodClaims, 'auth.jwt.typ-missing'],
    ['wrong typ', { ...goodHeader, typ: 'JWS' }, goodClaims, 'auth.jwt.typ-wrong'],
    ['missing iss', goodHeader, { ...goodClaims, iss: undefined }, 'auth.jwt.iss-missing'],
    ['bad iss', goodHeader, { ...goodClaims, iss: 'my-team' }, 'auth.jwt.iss-format'],
    ['wrong aud', goodHeader, { ...goodClaims, aud: 'appstoreconnect-v2' }, 'auth.jwt.aud'],
    ['aud array', goodHeader, { ...goodClaims, aud: ['appstoreconnect-v1'] }, 'auth.jwt.aud'],
    ['missing aud', goodHeader, { ...goodClaims, aud: undefined }, 'auth.jwt.aud'],
    ['missing bid', goodHeader, { ...goodClaims, bid: undefined }, 'auth.jwt.bid-missing'],
    ['bid with team prefix', goodHeader, { ...goodClaims, bid: 'ABCDE12345.com.example.app' }, 'auth.jwt.bid-team-prefix'],
    ['bid not reverse-DNS', goodHeader, { ...goodClaims, bid: 'my app' }, 'auth.jwt.bid-format'],
    ['iat and exp in ms', goodHeader, { ...goodClaims, iat: (T - 10) * 1000, exp: (T + 290) * 1000 }, 'auth.jwt.milliseconds'],
    ['exp in ms only', goodHeader, { ...goodClaims, exp: (T + 290) * 1000 }, 'auth.jwt.milliseconds'],
    ['lifetime 61 min', goodHeader, { ...goodClaims, iat: T - 10, exp: T - 10 + 3660 }, 'auth.jwt.lifetime'],
    ['exp before iat', goodHeader, { ...goodClaims, iat: T, exp: T - 5 }, 'auth.jwt.lifetime-negative'],
    ['expired', goodHeader, { ...goodClaims, iat: T - 400, exp: T - 100 }, 'auth.jwt.expired'],
    ['not yet valid', goodHeader, { ...goodClaims, iat: T + 600, exp: T + 900 }, 'auth.jwt.not-yet-valid'],
    ['missing exp', goodHeader, { ...goodClaims, exp: undefined }, 'auth.jwt.exp-missing'],
    ['iat as string', goodHeader, { ...goodClaims, iat: String(T) }, 'auth.jwt.time-type'],
    ['ASC team token with scope', goodHeader, { ...goodClaims, bid: undefined, scope: ['GET /v1/apps'] }, 'auth.jwt.asc-token'],
    ['ASC individual token', goodHeader, { sub: 'user', iat: T - 10, exp: T + 600, aud: 'appstoreconnect-v1' }, 'auth.jwt.asc-token'],
  ])('%s fails with its own finding', (_name, header, claims, id) => {
    const clean = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
    const failed = failing(header, clean);
    expect(failed).toContain(id);
    const f = apiTokenFindings(header, clean, NOW).find((c) => c.id === id)!;
    expect(f.fix).toBeTruthy();
    expect(f.title).not.toMatch(/\{\w+\}/);
  });

  it('names the claims in milliseconds and suggests the values in seconds', () => {
    const f = apiTokenFindings(goodHeader, { ...goodClaims, iat: T * 1000, exp: (T + 300) * 1000 }, NOW).find((c) => c.id === 'auth.jwt.milliseconds')!;
    expect(f.title).toContain('iat and exp');
    expect(f.fix).toContain(`iat=${T}`);
  });

  it('an ASC token does not also report a plain missing bid', () => {
    const f = failing(goodHeader, { ...goodClaims, bid: undefined, scope: ['GET /v1/apps'] });
    expect(f).not.toContain('auth.jwt.bid-missing');
  });

  it('warns (does not fail) for a missing iat and an iat a few seconds ahead', () => {
    const { iat: _iat, ...noIat } = goodClaims;
    expect(ids(goodHeader, noIat, 'warn')).toEqual(['auth.jwt.iat-missing']);
    expect(failing(goodHeader, noIat)).toEqual([]);
    expect(ids(goodHeader, { ...goodClaims, iat: T + 20 }, 'warn')).toEqual(['auth.jwt.slightly-future']);
  });

  it('accepts exactly 60 minutes and rejects one second more', () => {
    expect(failing(goodHeader, { ...goodClaims, iat: T, exp: T + 3600 })).toEqual([]);
    expect(failing(goodHeader, { ...goodClaims, iat: T, exp: T + 3601 })).toEqual(['auth.jwt.lifetime']);
  });

  it('is pure: the same input at another time gives the verdict for that time', () => {
    const later = new Date(NOW.getTime() + 3600_000);
    expect(failing(goodHeader, goodClaims, later)).toEqual(['auth.jwt.expired']);
  });
});

describe('inspectToken', () => {
  it('checks the signature with the key', () => {
    const jwt = signApiToken({ issuerId: ISSUER_ID, keyId: KEY_ID, privateKey: key.privateKey, bundleId: BUNDLE_ID }, { now: NOW });
    const good = inspectToken(jwt, { now: NOW, publicKey: key.publicKey });
    expect(good.ok).toBe(true);
    expect(good.checks.find((c) => c.group === 'Signature')!.id).toBe('auth.jwt.signature-ok');
    const other = inspectToken(jwt, { now: NOW, publicKey: p256().publicKey });
    expect(other.ok).toBe(false);
    expect(other.checks.map((c) => c.id)).toContain('auth.jwt.signature-invalid');
  });

  it('reports a DER-encoded ECDSA signature', () => {
    const input = `${base64url(JSON.stringify(goodHeader))}.${base64url(JSON.stringify(goodClaims))}`;
    const der = sign('sha256', Buffer.from(input), key.privateKey);
    const r = inspectToken(`${input}.${base64url(der)}`, { now: NOW, publicKey: key.publicKey });
    expect(r.checks.map((c) => c.id)).toContain('auth.jwt.signature-der');
    expect(r.ok).toBe(false);
  });

  it('skips the signature without a key, and warns when kid differs from the key file name', () => {
    const jwt = signJwt(goodHeader, goodClaims, key.privateKey);
    const r = inspectToken(jwt, { now: NOW, keyIdFromFile: 'ZZZZZ99999' });
    expect(r.checks.find((c) => c.id === 'auth.jwt.signature-unchecked')!.status).toBe('skip');
    expect(r.checks.find((c) => c.id === 'auth.jwt.kid-file-mismatch')!.status).toBe('warn');
    expect(r.ok).toBe(true);
  });

  it('accepts "Authorization: Bearer <jwt>" and surrounding whitespace', () => {
    const jwt = signJwt(goodHeader, goodClaims, key.privateKey);
    expect(inspectToken(`  Authorization: Bearer ${jwt}\n`, { now: NOW }).claims).toEqual(goodClaims);
    const wrapped = `${jwt.slice(0, 50)}\n  ${jwt.slice(50, 120)}\r\n${jwt.slice(120)}`;
    expect(inspectToken(`"${wrapped}"`, { now: NOW }).claims).toEqual(goodClaims);
  });

  it.each([
    ['', 'auth.jwt.empty'],
    ['abc.def', 'auth.jwt.malformed'],
    ['a.b.c.d.e', 'auth.jwt.encrypted'],
    ['eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln', 'auth.jwt.malformed-part'],
  ])('rejects %j as input with %s (exit 2)', (input, code) => {
    try {
      inspectToken(input);
      throw new Error('expected failure');
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).code).toBe(code);
    }
  });
});
