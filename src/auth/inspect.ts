// Explains an existing token: decode it, apply Apple's rules, optionally check its signature.
import type { KeyObject } from 'node:crypto';
import { check, type Check } from '../report/check.js';
import { decodeJwt, verifyEs256 } from './jwt.js';
import { apiTokenFindings } from './rules.js';

export interface InspectOptions {
  now?: Date;
  /** Checks the signature when given (public key, or the private key's public half). */
  publicKey?: KeyObject;
  /** Key ID named by the key file (SubscriptionKey_<KID>.p8), compared with the header's kid. */
  keyIdFromFile?: string;
}

export interface InspectResult {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  checks: Check[];
  ok: boolean;
}

export function inspectToken(jwt: string, opts: InspectOptions = {}): InspectResult {
  const decoded = decodeJwt(jwt);
  const checks = apiTokenFindings(decoded.header, decoded.claims, opts.now ?? new Date());
  const g = { group: 'Signature' };
  if (opts.publicKey) {
    const verdict = verifyEs256(decoded, opts.publicKey);
    if (verdict === 'valid') checks.push(check('auth.jwt.signature-ok', {}, g));
    else if (verdict === 'der-encoded') checks.push(check('auth.jwt.signature-der', {}, g));
    else if (verdict === 'wrong-length') checks.push(check('auth.jwt.signature-length', { length: decoded.signature.length }, g));
    else checks.push(check('auth.jwt.signature-invalid', {}, g));
  } else {
    checks.push(check('auth.jwt.signature-unchecked', {}, g));
  }
  if (opts.keyIdFromFile && typeof decoded.header.kid === 'string' && decoded.header.kid !== opts.keyIdFromFile) {
    checks.push(check('auth.jwt.kid-file-mismatch', { kid: decoded.header.kid, fileKid: opts.keyIdFromFile }, g));
  }
  return { header: decoded.header, claims: decoded.claims, checks, ok: !checks.some((c) => c.status === 'fail') };
}
