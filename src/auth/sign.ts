// Signs App Store Server API tokens the way Apple documents them (docs/apple/tokens.md#app-store-server-api-token).
import type { KeyObject } from 'node:crypto';
import { usageErrorFrom } from '../report/diagnostics/errors.js';
import { signJwt } from './jwt.js';

export const API_AUDIENCE = 'appstoreconnect-v1';
export const DEFAULT_TTL_MINUTES = 5;
export const MAX_TTL_MINUTES = 60;

export interface SignableCredentials {
  issuerId: string;
  keyId: string;
  privateKey: KeyObject;
  bundleId: string;
}

export interface ApiTokenParts {
  header: { alg: 'ES256'; kid: string; typ: 'JWT' };
  claims: { iss: string; iat: number; exp: number; aud: string; bid: string };
}

/** The header and claims of a token issued at `now` (seconds, never milliseconds). */
export function apiTokenParts(creds: Omit<SignableCredentials, 'privateKey'>, opts: { ttlMinutes?: number; now?: Date } = {}): ApiTokenParts {
  const ttl = opts.ttlMinutes ?? DEFAULT_TTL_MINUTES;
  if (!Number.isFinite(ttl) || ttl <= 0 || ttl > MAX_TTL_MINUTES) throw usageErrorFrom('auth.token.ttl', { ttl: String(ttl) });
  const iat = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  return {
    header: { alg: 'ES256', kid: creds.keyId, typ: 'JWT' },
    claims: { iss: creds.issuerId, iat, exp: iat + Math.round(ttl * 60), aud: API_AUDIENCE, bid: creds.bundleId },
  };
}

/** A fresh ES256 bearer token for the App Store Server API. */
export function signApiToken(creds: SignableCredentials, opts: { ttlMinutes?: number; now?: Date } = {}): string {
  const { header, claims } = apiTokenParts(creds, opts);
  return signJwt(header, claims, creds.privateKey);
}
