// Checks the bearer JWT the way Apple does for the App Store Server API: ES256 signed by the
// registered key, that key's kid / issuer / bundle ID, and Apple's claim rules (aud, lifetime <= 60 min,
// expiry), which are shared with `token inspect` (src/auth). Apple answers 401 without a body; the
// reason is only for the emulator's own log.
import type { KeyObject } from 'node:crypto';
import { apiTokenRejections, decodeJwt, verifyEs256, MAX_TTL_MINUTES } from '../../auth/index.js';

export interface RegisteredKey {
  keyId: string;
  issuerId: string;
  bundleId: string;
  publicKey: KeyObject;
}

const MAX_LIFETIME_S = MAX_TTL_MINUTES * 60;

export type AuthOutcome = { ok: true } | { ok: false; reason: string };

export function checkBearer(authorization: string | undefined, key: RegisteredKey, nowMs: number): AuthOutcome {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!m?.[1]) return fail('no Authorization: Bearer header');
  let decoded;
  try {
    decoded = decodeJwt(m[1]);
  } catch (err) {
    return fail((err as Error).message);
  }
  const { header, claims } = decoded;
  const rejected = apiTokenRejections(header, claims, new Date(nowMs))[0];
  if (rejected) return fail(rejected.title);
  if (header.kid !== key.keyId) return fail(`kid ${String(header.kid)} is not the registered key ID ${key.keyId}`);
  if (claims.iss !== key.issuerId) return fail(`iss ${String(claims.iss)} is not the registered issuer ID ${key.issuerId}`);
  if (claims.bid !== key.bundleId) return fail(`bid ${String(claims.bid)} is not the registered bundle ID ${key.bundleId}`);
  const verdict = verifyEs256(decoded, key.publicKey);
  if (verdict !== 'valid') return fail(`signature ${verdict} for the registered key ${key.keyId}`);
  // Without iat the 60-minute rule still bounds how far away exp may be.
  if (claims.iat === undefined && typeof claims.exp === 'number' && claims.exp - nowMs / 1000 > MAX_LIFETIME_S) {
    return fail('exp is more than 60 minutes away');
  }
  return { ok: true };
}

function fail(reason: string): AuthOutcome {
  return { ok: false, reason };
}
