// decodeSignedData: decode an App Store JWS, verify it as Apple's SignedDataVerifier does, verify its
// nested signed fields separately, and return one plain result (also the --json shape).
import { verify as cryptoVerify } from 'node:crypto';
import { check, type Check } from '../report/check.js';
import type { DiagnosticId } from '../report/diagnostics/index.js';
import { anchorSummary, buildAnchors, checkDates, verifyChain, type Anchor, type AnchorSummary, type ChainVerdict, type FailureStatus } from './chain.js';
import { NotAPayloadError, notAPayload, parseCompact, type CompactJws } from './compact.js';
import { isoDate, isValidDateMs } from '../report/format.js';
import { claimsOf, detectKind, nestedFields, signingDateField, signingDateOf, NOTIFICATION_KINDS, type PayloadKind } from './kind.js';

export interface VerifyOptions {
  /** Extra trust anchors (DER), in addition to the bundled Apple Root CA - G3. */
  roots?: Buffer[];
  /** Effective date for certificate validity; default 'signed' ('now' with online checks, as Apple does). */
  at?: 'signed' | 'now' | Date;
  bundleId?: string;
  appAppleId?: string;
  environment?: string;
  /** OCSP against the AIA responders. */
  online?: boolean;
  /** false = decode only (the result says so loudly). */
  verify?: boolean;
  /** Injected clock for tests; defaults to Date.now(). */
  now?: number;
  /** OCSP request timeout, ms (default 30 000, as Apple's libraries). */
  ocspTimeoutMs?: number;
}

export type VerificationStatus = 'VERIFIED' | 'NOT_VERIFIED' | 'UNSIGNED' | 'NOT_A_JWS' | FailureStatus;

export interface SignedDataResult {
  ok: boolean;
  kind: PayloadKind;
  verified: boolean;
  verification: {
    status: VerificationStatus | string;
    /** Id of the first failing check; null when verified. Always present so consumers see one shape. */
    reason: string | null;
    /** The date certificates were checked at; null when nothing was checked. */
    effectiveDate: string | null;
    anchor?: AnchorSummary;
    checks: Check[];
  };
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  nested: NestedSignedData[];
}

/** A signed value inside another (e.g. `data.signedTransactionInfo`), with the field it came from. */
export interface NestedSignedData extends SignedDataResult {
  field: string;
}

export { NotAPayloadError };

/**
 * Decodes and verifies one compact JWS. Throws NotAPayloadError when the text is not a JWS with
 * JSON header and payload; everything else (bad chain, bad signature, ...) is a result with ok false.
 */
export async function decodeSignedData(jws: string, opts: VerifyOptions = {}): Promise<SignedDataResult> {
  if (typeof jws !== 'string') throw notAPayload('input.not-a-string', { type: jws === null ? 'null' : typeof jws }, 'input.not-a-jws');
  const parsed = parseCompact(jws);
  const ctx = contextFor(opts);
  const online = opts.online && opts.verify !== false ? await import('./ocsp.js') : undefined;
  // Nested payloads first: a notification without signedDate (early V2) is dated by its verified nested data.
  // Offline (the batch case) nothing here awaits: one promise per payload, not one per signature.
  const nested: NestedSignedData[] = [];
  for (const n of nestedFields(parsed.payload)) {
    const w = verifyNested(n.field, n.jws, n.expect, ctx);
    if (online && w.chain) await applyOnline(w, w.chain, online, opts);
    finish(w.out);
    nested.push(w.out as NestedSignedData);
  }
  const result = verifyParsed(parsed, ctx, undefined, nestedSigningDate(nested));
  if (online && result.chain) await applyOnline(result, result.chain, online, opts);
  result.out.nested = nested;
  finish(result.out);
  return result.out;
}

/** The latest signedDate among nested payloads that verified: the parent was signed at or after it. */
function nestedSigningDate(nested: readonly NestedSignedData[]): { ms: number; field: string } | undefined {
  let best: { ms: number; field: string } | undefined;
  for (const n of nested) {
    const ms = n.payload.signedDate;
    if (!n.verified || !isValidDateMs(ms)) continue;
    if (!best || ms > best.ms) best = { ms, field: `${n.field} signedDate` };
  }
  return best;
}

interface Context {
  anchors: Anchor[];
  opts: VerifyOptions;
  now: number;
}

// Anchor sets are cached by the roots' bytes, so callers that build a new roots array per call (a
// receiver verifying each request) still share one set and its chain verdicts.
const anchorSets = new Map<string, Anchor[]>();
const byArray = new WeakMap<Buffer[], Anchor[]>();
function contextFor(opts: VerifyOptions): Context {
  const roots = opts.roots ?? [];
  let anchors = byArray.get(roots);
  if (!anchors) {
    const key = roots.map((r) => r.toString('base64')).join(',');
    anchors = anchorSets.get(key);
    if (!anchors) {
      anchors = buildAnchors(roots);
      if (anchorSets.size >= 32) anchorSets.clear();
      anchorSets.set(key, anchors);
    }
    if (opts.roots) byArray.set(opts.roots, anchors);
  }
  return { anchors, opts, now: opts.now ?? Date.now() };
}

interface Working {
  out: SignedDataResult;
  chain?: ChainVerdict;
}

/** A result before verification; a nested one is built with its field first (the --json key order). */
function emptyResult(kind: PayloadKind, header: Record<string, unknown>, payload: Record<string, unknown>, field?: string): SignedDataResult {
  const verification = { status: 'NOT_VERIFIED', reason: null, effectiveDate: null, checks: [] };
  if (field !== undefined) return { field, ok: false, kind, verified: false, verification, header, payload, nested: [] } as NestedSignedData;
  return { ok: false, kind, verified: false, verification, header, payload, nested: [] };
}

function verifyParsed(p: CompactJws, ctx: Context, expect: PayloadKind | undefined, fallbackDate?: { ms: number; field: string }, field?: string): Working {
  let kind = detectKind(p.payload);
  if (kind === 'unknown' && expect) kind = expect;
  const out = emptyResult(kind, p.header, p.payload, field);
  const checks = out.verification.checks;
  let failure: { status: FailureStatus; reason: string } | undefined;
  const note = (status: FailureStatus, c: Check) => {
    checks.push(c);
    failure ??= { status, reason: c.id };
  };

  if (ctx.opts.verify === false) {
    checks.push(check('jws.verify.disabled'));
    out.verification.status = 'NOT_VERIFIED';
    out.verification.reason = 'jws.verify.disabled';
    return { out };
  }
  // Apple's verifier configured for Xcode (or LocalTesting) skips the signature and the chain and checks the claims only.
  const environment = ctx.opts.environment;
  if (environment !== undefined && UNSIGNED_ENVIRONMENTS.has(environment)) {
    checks.push(check('jws.verify.xcode', { environment, flag: environment.toLowerCase() }));
    for (const c of claimChecks(kind, p.payload, ctx.opts)) {
      if (c.status === 'fail') note(c.id.startsWith('jws.claims.environment') ? 'INVALID_ENVIRONMENT' : 'INVALID_APP_IDENTIFIER', c);
      else checks.push(c);
    }
    out.verification.status = failure?.status ?? 'NOT_VERIFIED';
    out.verification.reason = failure?.reason ?? 'jws.verify.xcode';
    return { out };
  }

  // Header: ES256 only.
  const alg = p.header.alg;
  const algOk = alg === 'ES256';
  if (algOk) checks.push(fixedCheck('jws.header.alg'));
  else note('VERIFICATION_FAILURE', check('jws.header.alg-wrong', { alg: typeof alg === 'string' ? alg : JSON.stringify(alg) ?? 'missing' }));

  // Chain (its verdict kept by the chain's DER bytes), then dates at this payload's effective date.
  const chain = verifyChain(p.header.x5c, ctx.anchors);
  for (const c of chain.checks) checks.push(c);
  if (chain.failure) failure ??= chain.failure;
  const eff = effectiveDate(kind, p.payload, ctx, fallbackDate);
  const atText = isoDate(eff.at);
  out.verification.effectiveDate = atText;
  if (eff.notes) checks.push(...eff.notes);
  if (chain.dated.length) {
    const dates = checkDates(chain, { at: eff.at, atText, basis: eff.basis, now: ctx.now, ...(eff.missingField ? { missingField: eff.missingField } : {}) });
    for (const c of dates.checks) {
      if (c.status === 'fail') note('INVALID_CERTIFICATE', c);
      else checks.push(c);
    }
  }
  if (chain.anchor) out.verification.anchor = anchorSummary(chain.anchor);

  // Signature with the leaf key: raw R||S, 64 bytes.
  if (!algOk) checks.push(check('jws.signature.skipped', { why: 'the algorithm is not ES256' }));
  else if (!chain.leaf) checks.push(check('jws.signature.skipped', { why: 'no usable leaf certificate' }));
  else {
    const sig = p.signature;
    if (sig.length !== 64) {
      if (sig.length >= 8 && sig.length <= 72 && sig[0] === 0x30) note('VERIFICATION_FAILURE', check('jws.signature.der', { length: sig.length }));
      else note('VERIFICATION_FAILURE', check('jws.signature.length', { length: sig.length }));
    } else if (verifyEs256(p.signingInput, chain.leaf.publicKey, sig)) {
      checks.push(fixedCheck('jws.signature.valid'));
    } else {
      note('VERIFICATION_FAILURE', check('jws.signature.invalid'));
    }
  }

  const authentic = failure === undefined;
  // Claim checks the user asked for.
  for (const c of claimChecks(kind, p.payload, ctx.opts)) {
    if (c.status === 'fail') note(c.id.startsWith('jws.claims.environment') ? 'INVALID_ENVIRONMENT' : 'INVALID_APP_IDENTIFIER', c);
    else checks.push(c);
  }
  out.verified = authentic;
  if (failure) {
    out.verification.status = failure.status;
    out.verification.reason = failure.reason;
  } else {
    out.verification.status = 'VERIFIED';
  }
  return { out, chain: authentic ? chain : undefined };
}

function verifyEs256(signingInput: string, key: import('node:crypto').KeyObject, sig: Buffer): boolean {
  try {
    return cryptoVerify('sha256', Buffer.from(signingInput, 'latin1'), { key, dsaEncoding: 'ieee-p1363' }, sig);
  } catch {
    return false;
  }
}

function effectiveDate(
  kind: PayloadKind,
  payload: Record<string, unknown>,
  ctx: Context,
  fallback?: { ms: number; field: string },
): { at: Date; basis: string; notes?: Check[]; missingField?: string } {
  const at = ctx.opts.at ?? (ctx.opts.online ? 'now' : 'signed');
  if (at instanceof Date) return { at, basis: '--at' };
  if (at === 'now') return { at: new Date(ctx.now), basis: 'now' };
  const signed = signingDateOf(kind, payload);
  if (signed) return { at: new Date(signed.ms), basis: signed.field };
  const field = signingDateField(kind);
  // A number no date can hold (1e308, -1e20): said plainly, then treated as absent.
  const raw = payload[field];
  const unusable = typeof raw === 'number' ? [check('jws.cert.effective-invalid', { field, value: String(raw) })] : [];
  if (fallback) {
    return { at: new Date(fallback.ms), basis: fallback.field, missingField: field, notes: [...unusable, check('jws.cert.effective-nested', { field, nested: fallback.field })] };
  }
  return { at: new Date(ctx.now), basis: 'now', notes: [...unusable, check('jws.cert.effective-now', { field })] };
}

const NO_CHECKS: readonly Check[] = Object.freeze([]);
/** Environments whose data Apple's verifier does not check the signature of (Xcode: StoreKit Testing in Xcode). */
const UNSIGNED_ENVIRONMENTS: ReadonlySet<string> = new Set(['Xcode', 'LocalTesting']);

function claimChecks(kind: PayloadKind, payload: Record<string, unknown>, opts: VerifyOptions): readonly Check[] {
  if (opts.bundleId === undefined && opts.appAppleId === undefined && opts.environment === undefined) return NO_CHECKS;
  const claims = claimsOf(kind, payload);
  const out: Check[] = [];
  const show = (v: unknown) => (v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v));
  if (opts.bundleId !== undefined && claims.compares.bundleId) {
    out.push(
      claims.bundleId === opts.bundleId
        ? check('jws.claims.bundle-id', { expected: opts.bundleId })
        : check('jws.claims.bundle-id-mismatch', { actual: show(claims.bundleId), expected: opts.bundleId }),
    );
  }
  if (opts.appAppleId !== undefined && claims.compares.appAppleId) {
    // Apple compares appAppleId only when its verifier is set up for Production (--env, else the payload's).
    const environment = opts.environment ?? claims.environment;
    if (environment !== 'Production') {
      const seen = claims.appAppleId === undefined ? '; this payload has none' : String(claims.appAppleId) === opts.appAppleId ? ` (it is ${opts.appAppleId})` : ` (it is ${show(claims.appAppleId)}, not ${opts.appAppleId})`;
      out.push(check('jws.claims.app-apple-id-not-compared', { environment: show(environment), seen }));
    } else {
      out.push(
        String(claims.appAppleId) === opts.appAppleId
          ? check('jws.claims.app-apple-id', { expected: opts.appAppleId })
          : check('jws.claims.app-apple-id-mismatch', { actual: show(claims.appAppleId), expected: opts.appAppleId }),
      );
    }
  }
  if (opts.environment !== undefined && claims.compares.environment) {
    out.push(
      claims.environment === opts.environment
        ? check('jws.claims.environment', { expected: opts.environment })
        : check('jws.claims.environment-mismatch', { actual: show(claims.environment), expected: opts.environment }),
    );
  }
  return out;
}

async function applyOnline(w: Working, chain: ChainVerdict, ocsp: typeof import('./ocsp.js'), opts: VerifyOptions): Promise<void> {
  const checks = await ocsp.revocationChecks(chain, { timeoutMs: opts.ocspTimeoutMs ?? 30_000 });
  const v = w.out.verification;
  for (const c of checks) {
    v.checks.push(c);
    if (c.status === 'fail' && v.status === 'VERIFIED') {
      v.status = c.id === 'jws.ocsp.unreachable' ? 'RETRYABLE_VERIFICATION_FAILURE' : 'VERIFICATION_FAILURE';
      v.reason = c.id;
      w.out.verified = false;
    }
  }
}

/** A nested signed field, verified on its own (offline part; the caller adds OCSP). */
function verifyNested(field: string, jws: unknown, expect: PayloadKind, ctx: Context): Working {
  let parsed: CompactJws;
  try {
    if (typeof jws !== 'string') throw notAPayload('input.nested-not-a-string', { field }, 'input.not-a-jws');
    parsed = parseCompact(jws);
  } catch (err) {
    if (!(err instanceof NotAPayloadError)) throw err;
    const r = emptyResult(expect, {}, {}, field);
    r.verification.status = 'NOT_A_JWS';
    r.verification.reason = err.code;
    r.verification.checks.push({ id: err.code, status: 'fail', title: err.message });
    return { out: r };
  }
  return verifyParsed(parsed, ctx, expect, undefined, field);
}

/**
 * ok: this payload verified, its claims matched, and every nested payload is ok too; or, with --env
 * xcode, Apple's verifier would accept it (claims only).
 */
function finish(r: SignedDataResult): void {
  const accepted = r.verification.status === 'VERIFIED' || r.verification.reason === 'jws.verify.xcode';
  r.ok = accepted && r.nested.every((n) => n.ok);
  if (NOTIFICATION_KINDS.has(r.kind) && r.nested.length && r.verification.status === 'VERIFIED') {
    for (const n of r.nested) {
      r.verification.checks.push(
        n.ok ? fixedCheck('jws.nested.ok', n.field) : check('jws.nested.failed', { field: n.field, reason: n.verification.reason ?? n.verification.status }),
      );
    }
  }
}

// Passing checks whose wording never varies are built once: a batch would otherwise rebuild them per item.
const fixedChecks = new Map<string, Check>();
function fixedCheck(id: DiagnosticId, field?: string): Check {
  const key = field === undefined ? id : `${id}|${field}`;
  let c = fixedChecks.get(key);
  if (!c) {
    c = Object.freeze(check(id, field === undefined ? {} : { field })) as Check;
    fixedChecks.set(key, c);
  }
  return c;
}
