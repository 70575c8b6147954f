// Compact JWS encoding, decoding and ES256 signature checks on node:crypto. JOSE wants the
// ECDSA signature as raw R||S (64 bytes), not DER (RFC 7518 §3.4).
import { sign, verify, type KeyObject } from 'node:crypto';
import { usageErrorFrom } from '../report/diagnostics/errors.js';

export type JsonObject = Record<string, unknown>;

export interface DecodedJwt {
  header: JsonObject;
  claims: JsonObject;
  /** `base64url(header).base64url(claims)`, the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

export function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Signs header and claims with ES256 exactly as given (tests and the emulator use it for bad tokens too). */
export function signJwt(header: JsonObject, claims: JsonObject, privateKey: KeyObject): string {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${base64url(signature)}`;
}

/**
 * Strips what people paste around a token: `Authorization:`, `Bearer `, quotes, and whitespace
 * anywhere (a token copied from a wrapped log line). A JWT never contains whitespace.
 */
export function cleanTokenInput(input: string): string {
  return input
    .trim()
    .replace(/^authorization\s*:\s*/i, '')
    .replace(/^bearer\s+/i, '')
    .replace(/^["']|["']$/g, '')
    .replace(/\s+/g, '');
}

/** Decodes a compact JWT without checking it. Throws UsageError when it is not one. */
export function decodeJwt(input: string): DecodedJwt {
  const token = cleanTokenInput(input);
  if (token === '') throw usageErrorFrom('auth.jwt.empty');
  const parts = token.split('.');
  if (parts.length === 5) throw usageErrorFrom('auth.jwt.encrypted');
  if (parts.length !== 3) throw usageErrorFrom('auth.jwt.malformed', { parts: parts.length });
  const [h, c, s] = parts as [string, string, string];
  return {
    header: decodePart(h, 'header'),
    claims: decodePart(c, 'claims'),
    signingInput: `${h}.${c}`,
    signature: decodeBase64url(s, 'signature'),
  };
}

function decodeBase64url(part: string, name: string): Buffer {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw usageErrorFrom('auth.jwt.malformed-part', { part: name });
  return Buffer.from(part, 'base64url');
}

function decodePart(part: string, name: string): JsonObject {
  const bytes = decodeBase64url(part, name);
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw usageErrorFrom('auth.jwt.malformed-part', { part: name });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw usageErrorFrom('auth.jwt.malformed-part', { part: name });
  }
  return value as JsonObject;
}

export type SignatureVerdict = 'valid' | 'invalid' | 'der-encoded' | 'wrong-length';

/** Checks an ES256 signature against a P-256 public (or private) key. */
export function verifyEs256(decoded: Pick<DecodedJwt, 'signingInput' | 'signature'>, key: KeyObject): SignatureVerdict {
  const data = Buffer.from(decoded.signingInput);
  const sig = decoded.signature;
  if (sig.length === 64) {
    return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig) ? 'valid' : 'invalid';
  }
  if (sig[0] === 0x30) {
    try {
      if (verify('sha256', data, { key, dsaEncoding: 'der' }, sig)) return 'der-encoded';
    } catch {
      // not DER either
    }
  }
  return 'wrong-length';
}
