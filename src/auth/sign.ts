// Signs the tokens of both Apple APIs the way Apple documents them, with one signer (jwt.ts):
// App Store Server API tokens (docs/apple/tokens.md#app-store-server-api-token) and App Store Connect
// API tokens (docs/apple/tokens.md#app-store-connect-api-token).
import type { KeyObject } from 'node:crypto';
import { usageErrorFrom } from '../report/diagnostics/errors.js';
import { signJwt } from './jwt.js';

export const API_AUDIENCE = 'appstoreconnect-v1';
export const DEFAULT_TTL_MINUTES = 5;
export const MAX_TTL_MINUTES = 60;
/** App Store Connect refuses a token that expires more than 20 minutes ahead (for the apps resource). */
export const ASC_MAX_TTL_MINUTES = 20;

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
  const { iat, exp } = issuedAndExpiry(opts, MAX_TTL_MINUTES, 'auth.token.ttl');
  return {
    header: { alg: 'ES256', kid: creds.keyId, typ: 'JWT' },
    claims: { iss: creds.issuerId, iat, exp, aud: API_AUDIENCE, bid: creds.bundleId },
  };
}

/** iat at `now` and exp `ttlMinutes` later, in seconds (never milliseconds); a lifetime over `max` is refused. */
function issuedAndExpiry(opts: { ttlMinutes?: number; now?: Date }, max: number, id: 'auth.token.ttl' | 'asc.token.ttl'): { iat: number; exp: number } {
  const ttl = opts.ttlMinutes ?? DEFAULT_TTL_MINUTES;
  if (!Number.isFinite(ttl) || ttl <= 0 || ttl > max) throw usageErrorFrom(id, { ttl: String(ttl) });
  const iat = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  return { iat, exp: iat + Math.round(ttl * 60) };
}

/** What an App Store Connect API token is signed from: a team key has an issuer ID, an individual key none. */
export interface AscSignableCredentials {
  issuerId?: string;
  keyId: string;
  privateKey: KeyObject;
}

export interface AscTokenParts {
  header: { alg: 'ES256'; kid: string; typ: 'JWT' };
  /** Team key: `iss`; individual key: `sub: "user"` and no `iss`. Never `bid`. */
  claims: { iss?: string; sub?: 'user'; iat: number; exp: number; aud: string };
}

/** The header and claims of an App Store Connect API token issued at `now` (at most 20 minutes). */
export function ascTokenParts(creds: Omit<AscSignableCredentials, 'privateKey'>, opts: { ttlMinutes?: number; now?: Date } = {}): AscTokenParts {
  const { iat, exp } = issuedAndExpiry(opts, ASC_MAX_TTL_MINUTES, 'asc.token.ttl');
  const identity = creds.issuerId ? { iss: creds.issuerId } : { sub: 'user' as const };
  return { header: { alg: 'ES256', kid: creds.keyId, typ: 'JWT' }, claims: { ...identity, iat, exp, aud: API_AUDIENCE } };
}

/** A fresh ES256 bearer token for the App Store Connect API. */
export function signAscToken(creds: AscSignableCredentials, opts: { ttlMinutes?: number; now?: Date } = {}): string {
  const { header, claims } = ascTokenParts(creds, opts);
  return signJwt(header, claims, creds.privateKey);
}

/** A fresh ES256 bearer token for the App Store Server API. */
export function signApiToken(creds: SignableCredentials, opts: { ttlMinutes?: number; now?: Date } = {}): string {
  const { header, claims } = apiTokenParts(creds, opts);
  return signJwt(header, claims, creds.privateKey);
}
