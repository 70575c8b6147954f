// Apple's rules for App Store Connect API bearer tokens (docs/apple/tokens.md#app-store-connect-api-token,
// #how-it-differs) as one pure function, beside the App Store Server API's (rules.ts): the same header,
// audience and time checks, but an identity of its own (a team key's `iss`, or an individual key's
// `sub: "user"` and no `iss`), no `bid`, and an expiry at most 20 minutes ahead. `token inspect` shows
// every finding; the emulator's App Store Connect routes reject a token with any `fail`.
import { check, type Check } from '../report/check.js';
import { isIssuerId } from './formats.js';
import { FUTURE_IAT_TOLERANCE_S, formatDuration, headerFindings, show, timeFindings, type LifetimeRule } from './rules.js';
import { API_AUDIENCE, ASC_MAX_TTL_MINUTES } from './sign.js';

const ASC_LIFETIME: LifetimeRule = { maxMinutes: ASC_MAX_TTL_MINUTES, ok: 'asc.jwt.lifetime-ok', tooLong: 'asc.jwt.lifetime' };

/** Every finding for an App Store Connect API token at time `now`. Pure: no I/O, no clock of its own. */
export function ascTokenFindings(header: Record<string, unknown>, claims: Record<string, unknown>, now: Date = new Date()): Check[] {
  return [...headerFindings(header), ...identityFindings(claims), ...timeFindings(claims, now, ASC_LIFETIME), ...horizonFindings(claims, now)];
}

/** Only what makes App Store Connect answer 401: the findings with status `fail`. */
export function ascTokenRejections(header: Record<string, unknown>, claims: Record<string, unknown>, now: Date = new Date()): Check[] {
  return ascTokenFindings(header, claims, now).filter((c) => c.status === 'fail');
}

/** The key a token claims to be signed by: a team key (iss), an individual key (sub "user"), or neither. */
export function ascKeyKindOf(claims: Record<string, unknown>): 'team' | 'individual' | undefined {
  if (claims.sub === 'user' && claims.iss === undefined) return 'individual';
  if (typeof claims.iss === 'string' && claims.sub === undefined) return 'team';
  return undefined;
}

function identityFindings(claims: Record<string, unknown>): Check[] {
  const g = { group: 'Claims' };
  const out: Check[] = [];
  const { iss, sub, aud, bid, scope } = claims;
  if (iss !== undefined && sub !== undefined) out.push(check('asc.jwt.iss-and-sub', { sub: show(sub) }, g));
  else if (sub !== undefined) out.push(sub === 'user' ? check('asc.jwt.individual', {}, g) : check('asc.jwt.sub', { sub: show(sub) }, g));
  else if (iss === undefined || iss === '') out.push(check('asc.jwt.identity-missing', {}, g));
  else if (typeof iss !== 'string' || !isIssuerId(iss)) out.push(check('asc.jwt.iss-format', { iss: show(iss) }, g));
  else out.push(check('asc.jwt.team', { iss }, g));

  if (aud === API_AUDIENCE) out.push(check('auth.jwt.aud-ok', { aud }, g));
  else out.push(check('auth.jwt.aud', { aud: show(aud ?? 'missing') }, g));

  if (bid !== undefined) out.push(check('asc.jwt.bid', { bid: show(bid) }, g));
  if (scope !== undefined) {
    const ok = Array.isArray(scope) && scope.length > 0 && scope.every((s) => typeof s === 'string' && s.trim() !== '');
    out.push(ok ? check('asc.jwt.scope', { scope: (scope as string[]).join(', ') }, g) : check('asc.jwt.scope-format', { scope: show(scope) }, g));
  }
  return out;
}

/** Apple: a token that expires more than 20 minutes into the future is not valid, whatever its iat. */
function horizonFindings(claims: Record<string, unknown>, now: Date): Check[] {
  const exp = claims.exp;
  // Milliseconds and non-numbers have their own findings already.
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp > 100_000_000_000) return [];
  const ahead = exp - now.getTime() / 1000;
  if (ahead > ASC_MAX_TTL_MINUTES * 60 + FUTURE_IAT_TOLERANCE_S) {
    return [check('asc.jwt.exp-too-far', { ahead: formatDuration(ahead), max: ASC_MAX_TTL_MINUTES }, { group: 'Time' })];
  }
  return [];
}
