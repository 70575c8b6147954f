import { sign } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { apiTokenParts, signApiToken, signJwt } from '../../src/auth/index.js';
import { UsageError } from '../../src/errors.js';
import { BUNDLE_ID, ISSUER_ID, KEY_ID, p256 } from './helpers/keys.js';

const key = p256();
const creds = { issuerId: ISSUER_ID, keyId: KEY_ID, privateKey: key.privateKey, bundleId: BUNDLE_ID };

describe('signApiToken', () => {
  it('signs ES256 with header alg/kid/typ and claims iss/iat/exp/aud/bid that jose verifies', async () => {
    const now = new Date();
    const jwt = signApiToken(creds, { now });
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'ES256', kid: KEY_ID, typ: 'JWT' });
    const { payload, protectedHeader } = await jwtVerify(jwt, key.publicKey, {
      algorithms: ['ES256'],
      audience: 'appstoreconnect-v1',
      issuer: ISSUER_ID,
      currentDate: now,
    });
    expect(protectedHeader.alg).toBe('ES256');
    const iat = Math.floor(now.getTime() / 1000);
    expect(payload).toEqual({ iss: ISSUER_ID, iat, exp: iat + 300, aud: 'appstoreconnect-v1', bid: BUNDLE_ID });
  });

  it('uses seconds (not milliseconds) and a raw 64-byte R||S signature', () => {
    const jwt = signApiToken(creds);
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number };
    expect(claims.iat).toBeLessThan(10_000_000_000);
    expect(Buffer.from(jwt.split('.')[2]!, 'base64url')).toHaveLength(64);
  });

  it('honours ttlMinutes up to 60 and refuses more, zero or negative', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const { claims } = apiTokenParts(creds, { ttlMinutes: 60, now });
    expect(claims.exp - claims.iat).toBe(3600);
    const jwt = signApiToken(creds, { ttlMinutes: 60, now });
    await expect(jwtVerify(jwt, key.publicKey, { currentDate: now })).resolves.toBeTruthy();
    for (const ttl of [61, 0, -5, Number.NaN]) {
      expect(() => signApiToken(creds, { ttlMinutes: ttl })).toThrow(UsageError);
    }
  });

  it('signJwt signs exactly what it is given (for crafting bad tokens in tests)', async () => {
    const jwt = signJwt({ alg: 'ES256', kid: KEY_ID }, { hello: 'world' }, key.privateKey);
    const { payload } = await jwtVerify(jwt, key.publicKey);
    expect(payload).toEqual({ hello: 'world' });
  });

  it('a different key does not verify the token', async () => {
    const other = p256();
    await expect(jwtVerify(signApiToken(creds), other.publicKey)).rejects.toThrow();
    // sanity: node's DER default is what JOSE must not get
    expect(sign('sha256', Buffer.from('x'), key.privateKey)[0]).toBe(0x30);
  });
});
