// Checks the bearer JWT the way Apple does for the App Store Server API (apple-facts §2): ES256
// signed by the registered key, kid/iss/bid of that key, aud appstoreconnect-v1, lifetime at most
// 60 minutes, not expired. Apple answers 401 without a body; the reason is only for the emulator's log.
import { verify, type KeyObject } from 'node:crypto';

export interface RegisteredKey {
  keyId: string;
  issuerId: string;
  bundleId: string;
  publicKey: KeyObject;
}

export type AuthOutcome = { ok: true } | { ok: false; reason: string };

const MAX_LIFETIME_S = 3600;
const SKEW_S = 60;

export function checkBearer(authorization: string | undefined, key: RegisteredKey, nowMs: number): AuthOutcome {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!m?.[1]) return fail('no Authorization: Bearer header');
  const parts = m[1].split('.');
  if (parts.length !== 3) return fail('the bearer token is not a compact JWT');
  const [h, p, s] = parts as [string, string, string];
  const header = parseSegment(h);
  const claims = parseSegment(p);
  if (!header || !claims) return fail('the JWT header or claims are not JSON');
  if (header.alg !== 'ES256') return fail(`alg is ${String(header.alg)}, not ES256`);
  if (header.kid !== key.keyId) return fail(`kid ${String(header.kid)} is not the registered key ID ${key.keyId}`);
  const signature = Buffer.from(s, 'base64url');
  if (signature.length !== 64) return fail('the signature is not a raw 64-byte R||S ES256 signature');
  const signedOk = verify('sha256', Buffer.from(`${h}.${p}`), { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  if (!signedOk) return fail('the signature does not verify with the registered key');
  const problem = claimProblem(claims, key, Math.floor(nowMs / 1000));
  return problem ? fail(problem) : { ok: true };
}

function claimProblem(c: Record<string, unknown>, key: RegisteredKey, now: number): string | undefined {
  if (c.iss !== key.issuerId) return `iss ${String(c.iss)} is not the registered issuer ID`;
  if (c.aud !== 'appstoreconnect-v1') return `aud is ${String(c.aud)}, not appstoreconnect-v1`;
  if (c.bid !== key.bundleId) return `bid ${String(c.bid)} is not the registered bundle ID ${key.bundleId}`;
  if (typeof c.exp !== 'number') return 'exp is missing';
  if (c.exp <= now) return 'the token has expired';
  if (c.iat !== undefined) {
    if (typeof c.iat !== 'number') return 'iat is not a number';
    if (c.iat > now + SKEW_S) return 'iat is in the future';
    if (c.exp - c.iat > MAX_LIFETIME_S) return 'exp is more than 60 minutes after iat';
  } else if (c.exp - now > MAX_LIFETIME_S) {
    return 'exp is more than 60 minutes away';
  }
  return undefined;
}

function parseSegment(seg: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(Buffer.from(seg, 'base64url').toString('utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function fail(reason: string): AuthOutcome {
  return { ok: false, reason };
}
