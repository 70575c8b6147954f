// Apple's rules for App Store Server API bearer tokens (docs/apple/tokens.md: #app-store-server-api-token, #common-401-causes, #app-store-connect-api-token) as one pure
// function. `token inspect` shows every finding; the emulator rejects a token with any `fail`.
import { check, type Check } from '../report/check.js';
import { isoDate, isValidDateMs } from '../report/format.js';
import { formatProblem, isIssuerId, isKeyId } from './formats.js';
import { API_AUDIENCE, MAX_TTL_MINUTES } from './sign.js';

/** Seconds since the epoch above this are really milliseconds (year 5138 in seconds). */
const MILLISECONDS_THRESHOLD = 100_000_000_000;
/** Small clock differences between machines; beyond this `iat` in the future is a failure. */
export const FUTURE_IAT_TOLERANCE_S = 60;

const HEADER = 'Header';
const CLAIMS = 'Claims';
const TIME = 'Time';

/**
 * Every finding for a token's header and claims at time `now`: passes for what is right,
 * warn/fail for what is wrong. Pure: no I/O, no clock of its own.
 */
export function apiTokenFindings(header: Record<string, unknown>, claims: Record<string, unknown>, now: Date = new Date()): Check[] {
  return [...headerFindings(header), ...identityFindings(claims), ...timeFindings(claims, now)];
}

/** Only what makes Apple answer 401: the findings with status `fail`. */
export function apiTokenRejections(header: Record<string, unknown>, claims: Record<string, unknown>, now: Date = new Date()): Check[] {
  return apiTokenFindings(header, claims, now).filter((c) => c.status === 'fail');
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function headerFindings(header: Record<string, unknown>): Check[] {
  const g = { group: HEADER };
  const out: Check[] = [];
  out.push(header.alg === 'ES256' ? check('auth.jwt.alg-ok', {}, g) : check('auth.jwt.alg', { alg: show(header.alg ?? 'missing') }, g));
  if (header.kid === undefined || header.kid === '') out.push(check('auth.jwt.kid-missing', {}, g));
  else if (typeof header.kid !== 'string' || !isKeyId(header.kid)) out.push(check('auth.jwt.kid-format', { kid: show(header.kid) }, g));
  else out.push(check('auth.jwt.kid-ok', { kid: header.kid }, g));
  if (header.typ === undefined) out.push(check('auth.jwt.typ-missing', {}, g));
  else if (header.typ !== 'JWT') out.push(check('auth.jwt.typ-wrong', { typ: show(header.typ) }, g));
  else out.push(check('auth.jwt.typ-ok', {}, g));
  return out;
}

function identityFindings(claims: Record<string, unknown>): Check[] {
  const g = { group: CLAIMS };
  const out: Check[] = [];
  const { iss, aud, bid } = claims;
  if (iss === undefined || iss === '') out.push(check('auth.jwt.iss-missing', {}, g));
  else if (typeof iss !== 'string' || !isIssuerId(iss)) out.push(check('auth.jwt.iss-format', { iss: show(iss) }, g));
  else out.push(check('auth.jwt.iss-ok', { iss }, g));

  if (aud === API_AUDIENCE) out.push(check('auth.jwt.aud-ok', { aud }, g));
  else out.push(check('auth.jwt.aud', { aud: show(aud ?? 'missing') }, g));

  const looksLikeAsc = claims.scope !== undefined || claims.sub === 'user';
  if (bid === undefined || bid === '') {
    out.push(looksLikeAsc ? check('auth.jwt.asc-token', {}, g) : check('auth.jwt.bid-missing', {}, g));
  } else {
    const problem = typeof bid === 'string' ? formatProblem('bundleId', bid) : 'auth.format.bundle-id';
    if (problem === 'auth.format.bundle-id-team-prefix') out.push(check('auth.jwt.bid-team-prefix', { bid: show(bid) }, g));
    else if (problem) out.push(check('auth.jwt.bid-format', { bid: show(bid) }, g));
    else out.push(check('auth.jwt.bid-ok', { bid: show(bid) }, g));
    if (looksLikeAsc) out.push(check('auth.jwt.asc-token', {}, g));
  }
  return out;
}

function timeFindings(claims: Record<string, unknown>, now: Date): Check[] {
  const g = { group: TIME };
  const out: Check[] = [];
  const nowS = now.getTime() / 1000;
  const times: Record<'iat' | 'exp', number | undefined> = { iat: undefined, exp: undefined };
  for (const name of ['iat', 'exp'] as const) {
    const v = claims[name];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) out.push(check('auth.jwt.time-type', { claim: name, value: show(v) }, g));
    else times[name] = v;
  }
  if (claims.iat === undefined) out.push(check('auth.jwt.iat-missing', {}, g));
  if (claims.exp === undefined) out.push(check('auth.jwt.exp-missing', {}, g));

  const inMs = (['iat', 'exp'] as const).filter((n) => (times[n] ?? 0) > MILLISECONDS_THRESHOLD);
  if (inMs.length > 0) {
    out.push(check('auth.jwt.milliseconds', { claims: inMs.join(' and '), suggested: inMs.map((n) => `${n}=${Math.floor(times[n]! / 1000)}`).join(', ') }, g));
    // Both in ms: the lifetime can still be judged once read as seconds; the validity window cannot.
    if (inMs.length === 2) out.push(lifetimeFinding(times.iat! / 1000, times.exp! / 1000));
    return out;
  }
  if (times.iat !== undefined || times.exp !== undefined) out.push(check('auth.jwt.seconds-ok', {}, g));

  const { iat, exp } = times;
  if (iat !== undefined && exp !== undefined) out.push(lifetimeFinding(iat, exp));
  let valid = true;
  if (exp !== undefined && exp <= nowS) {
    valid = false;
    out.push(check('auth.jwt.expired', { ago: formatDuration(nowS - exp), at: isoSeconds(exp) }, g));
  }
  if (iat !== undefined && iat > nowS) {
    const ahead = iat - nowS;
    if (ahead > FUTURE_IAT_TOLERANCE_S) {
      valid = false;
      out.push(check('auth.jwt.not-yet-valid', { ahead: formatDuration(ahead), at: isoSeconds(iat) }, g));
    } else {
      out.push(check('auth.jwt.slightly-future', { ahead: formatDuration(ahead) }, g));
    }
  }
  if (valid && exp !== undefined) out.push(check('auth.jwt.valid-now', { remaining: formatDuration(exp - nowS) }, g));
  return out;
}

function lifetimeFinding(iat: number, exp: number): Check {
  const g = { group: TIME };
  const lifetime = exp - iat;
  const minutes = formatMinutes(lifetime);
  if (lifetime <= 0) return check('auth.jwt.lifetime-negative', { lifetime: String(lifetime) }, g);
  if (lifetime > MAX_TTL_MINUTES * 60) return check('auth.jwt.lifetime', { minutes }, g);
  return check('auth.jwt.lifetime-ok', { minutes }, g);
}

function isoSeconds(s: number): string {
  return isValidDateMs(s * 1000) ? isoDate(s * 1000) : `${String(s)} (not a valid date)`;
}

function formatMinutes(seconds: number): string {
  const m = seconds / 60;
  return Number.isInteger(m) ? String(m) : m.toFixed(1);
}

/** `45 s`, `12 min 5 s`, `3 h 20 min`, `2 days`. */
export function formatDuration(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86400) {
    const m = Math.floor((s % 3600) / 60);
    return m === 0 ? `${Math.floor(s / 3600)} h` : `${Math.floor(s / 3600)} h ${m} min`;
  }
  const d = Math.floor(s / 86400);
  return `${d} day${d === 1 ? '' : 's'}`;
}
