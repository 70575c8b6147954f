// Explains an existing token: decode it, tell which API it is for, apply that API's rules, optionally
// check its signature. App Store Server API tokens carry `bid`; App Store Connect API tokens carry
// `sub: "user"` (individual keys) or may carry `scope`, and never `bid` (docs/apple/tokens.md#how-it-differs).
import type { KeyObject } from 'node:crypto';
import { check, type Check } from '../report/check.js';
import { ascTokenFindings } from './asc-rules.js';
import { decodeJwt, verifyEs256 } from './jwt.js';
import { apiTokenFindings } from './rules.js';

/** Which API a token is for: the App Store Server API (In-App Purchase key) or App Store Connect. */
export type TokenKind = 'app-store-server' | 'app-store-connect';
/** How the kind was decided: asked for, read from the claims, from the key file's name, or assumed. */
export type TokenKindFrom = 'option' | 'claims' | 'key-file' | 'default';

export interface InspectOptions {
  now?: Date;
  /** Checks the signature when given (public key, or the private key's public half). */
  publicKey?: KeyObject;
  /** Key ID named by the key file (SubscriptionKey_<KID>.p8, AuthKey_<KID>.p8), compared with the header's kid. */
  keyIdFromFile?: string;
  /** The kind of key the key file's name suggests, used when the claims do not tell. */
  keyFileKind?: TokenKind;
  /** Check the token as this kind, whatever it looks like (`token inspect --as`). */
  kind?: TokenKind;
}

export interface InspectResult {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  kind: TokenKind;
  kindFrom: TokenKindFrom;
  checks: Check[];
  ok: boolean;
}

/** The API a token is for, and how that was decided. */
export function tokenKindOf(claims: Record<string, unknown>, opts: Pick<InspectOptions, 'kind' | 'keyFileKind'> = {}): { kind: TokenKind; from: TokenKindFrom } {
  if (opts.kind) return { kind: opts.kind, from: 'option' };
  if (claims.bid !== undefined && claims.bid !== '') return { kind: 'app-store-server', from: 'claims' };
  if (claims.sub === 'user' || claims.scope !== undefined) return { kind: 'app-store-connect', from: 'claims' };
  if (opts.keyFileKind) return { kind: opts.keyFileKind, from: 'key-file' };
  // A team key's App Store Connect token looks like an App Store Server API token without bid, the
  // commonest App Store Server API mistake: checked as that, with a note on how to check it otherwise.
  return { kind: 'app-store-server', from: 'default' };
}

export function inspectToken(jwt: string, opts: InspectOptions = {}): InspectResult {
  const decoded = decodeJwt(jwt);
  const now = opts.now ?? new Date();
  const { kind, from } = tokenKindOf(decoded.claims, opts);
  const g0 = { group: 'Kind' };
  const kindCheck =
    from === 'default'
      ? check('auth.jwt.kind-assumed', {}, g0)
      : check(kind === 'app-store-connect' ? 'asc.jwt.kind' : 'auth.jwt.kind', { from: KIND_FROM[from] }, g0);
  const rules = kind === 'app-store-connect' ? ascTokenFindings : apiTokenFindings;
  const checks = [kindCheck, ...rules(decoded.header, decoded.claims, now)];
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
  return { header: decoded.header, claims: decoded.claims, kind, kindFrom: from, checks, ok: !checks.some((c) => c.status === 'fail') };
}

const KIND_FROM: Record<Exclude<TokenKindFrom, 'default'>, string> = {
  option: 'as asked with --as',
  claims: 'from its claims',
  'key-file': "from the key file's name",
};
