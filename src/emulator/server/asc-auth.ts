// Checks an App Store Connect API bearer token the way App Store Connect does: the token rules shared
// with `token inspect` (src/auth/asc-rules.ts: aud, exp at most 20 minutes ahead, iss or sub), then the
// registered key: its kid, its form (a team key's iss, or an individual key's sub "user"), its
// signature. The reason goes to the emulator's own log only; Apple's 401 body names no cause.
import { ascKeyKindOf, ascTokenRejections, decodeJwt, verifyEs256 } from '../../auth/index.js';
import type { AscRegisteredKey } from '../asc-apps.js';
import type { AuthOutcome } from './auth.js';

/** `iapKeyId`: the emulator's In-App Purchase key, named in the reason when a token is signed with it. */
export function checkAscBearer(authorization: string | undefined, key: AscRegisteredKey, iapKeyId: string, nowMs: number): AuthOutcome {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!m?.[1]) return { ok: false, reason: 'no Authorization: Bearer header' };
  let decoded;
  try {
    decoded = decodeJwt(m[1]);
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  const { header, claims } = decoded;
  const rejected = ascTokenRejections(header, claims, new Date(nowMs))[0];
  if (rejected) return { ok: false, reason: rejected.title };
  if (header.kid === iapKeyId) return { ok: false, reason: `kid ${iapKeyId} is the In-App Purchase key; the App Store Connect API needs an App Store Connect API key` };
  if (header.kid !== key.keyId) return { ok: false, reason: `kid ${String(header.kid)} is not the registered App Store Connect key ${key.keyId}` };
  const form = ascKeyKindOf(claims);
  if (key.issuerId === null && form !== 'individual') return { ok: false, reason: `key ${key.keyId} is an individual key: its tokens carry sub "user" and no iss` };
  if (key.issuerId !== null && form !== 'team') return { ok: false, reason: `key ${key.keyId} is a team key: its tokens carry iss and no sub` };
  if (key.issuerId !== null && claims.iss !== key.issuerId) return { ok: false, reason: `iss ${String(claims.iss)} is not the registered issuer ID ${key.issuerId}` };
  const verdict = verifyEs256(decoded, key.publicKey);
  if (verdict !== 'valid') return { ok: false, reason: `signature ${verdict} for the registered App Store Connect key ${key.keyId}` };
  return { ok: true };
}
