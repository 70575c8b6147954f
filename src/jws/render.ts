// Human rendering of a decoded payload: kind and meaning, the verdict, the content with dates as
// ISO 8601 + age and enum numbers with names, the nested payloads, then the checks that ran.
import type { ChalkInstance } from 'chalk';
import type { Check } from '../report/check.js';
import { isoWithAge, isValidDateMs } from '../report/format.js';
import { renderChecks } from '../report/render-checks.js';
import { safeMessage, safeText } from '../report/terminal-text.js';
import { DATE_SENTINELS, ENUM_NAMES, MILLIUNIT_FIELDS, isDateField } from './fields.js';
import { notificationMeaning } from '../apple/notification-types.js';
import { KIND_LABEL, claimsOf, isObject, signingDateOf } from './kind.js';
import type { SignedDataResult } from './verify.js';

export interface RenderOptions {
  verbose?: boolean;
  /** Clock for relative ages (tests). */
  now?: number;
}

const NESTED_FIELDS = new Set(['signedTransactionInfo', 'signedRenewalInfo', 'signedAppTransactionInfo']);
const MAX_VALUE = 120;

export function renderSignedData(result: SignedDataResult, c: ChalkInstance, opts: RenderOptions = {}): string[] {
  const lines: string[] = [];
  const p = result.payload;
  const title = [KIND_LABEL[result.kind] ?? result.kind];
  if (typeof p.notificationType === 'string') title.push(c.bold(safeText(p.notificationType + (typeof p.subtype === 'string' ? ` / ${p.subtype}` : ''))));
  lines.push(title.join('  '));
  const meaning = typeof p.notificationType === 'string' ? notificationMeaning(p.notificationType, typeof p.subtype === 'string' ? p.subtype : undefined) : undefined;
  if (meaning) lines.push(`  ${c.dim(meaning)}`);
  const facts = summaryFacts(result, opts.now);
  if (facts) lines.push(`  ${facts}`);
  lines.push(...verdictLines(result, c, ''));
  lines.push('');
  lines.push(result.verified ? 'Content' : c.yellow('Content (UNVERIFIED: do not trust it)'));
  // Version 1 fields share names with V2 enums but not their values (unified_receipt.status 0 is "valid").
  lines.push(...contentLines(p, c, '  ', opts.now, result.kind !== 'notificationV1'));

  for (const n of result.nested) {
    lines.push('');
    lines.push(`${KIND_LABEL[n.kind] ?? n.kind} (${n.field})`);
    lines.push(...verdictLines(n, c, '  '));
    lines.push(...contentLines(n.payload, c, '    ', opts.now));
  }

  lines.push('');
  lines.push('Checks');
  lines.push(...renderChecks(result.verification.checks, c, { indent: 2, verbose: opts.verbose }));
  for (const n of result.nested) {
    const shown = opts.verbose ? n.verification.checks : n.verification.checks.filter((k) => k.status === 'fail' || k.status === 'warn');
    if (!shown.length) continue;
    lines.push(`  ${c.bold(n.field)}`);
    lines.push(...renderChecks(shown, c, { indent: 4, verbose: opts.verbose }));
  }
  return lines;
}

/** `environment Sandbox · bundle com.example · signed 2025-… (1 year ago)` from the claims Apple compares. */
function summaryFacts(r: SignedDataResult, now: number | undefined): string {
  const claims = claimsOf(r.kind, r.payload);
  const facts: string[] = [];
  if (typeof claims.environment === 'string') facts.push(`environment ${safeText(claims.environment)}`);
  if (typeof claims.bundleId === 'string') facts.push(`bundle ${safeText(claims.bundleId)}`);
  if (claims.appAppleId !== undefined) facts.push(`appAppleId ${safeText(String(claims.appAppleId))}`);
  const signed = signingDateOf(r.kind, r.payload);
  if (signed) facts.push(`${signed.field === 'signedDate' ? 'signed' : signed.field} ${isoWithAge(signed.ms, now)}`);
  return facts.join(' · ');
}

/** One or two lines saying whether to trust it, and why not. */
function verdictLines(r: SignedDataResult, c: ChalkInstance, pad: string): string[] {
  const v = r.verification;
  const at = v.effectiveDate ? `; certificates checked at ${v.effectiveDate}` : '';
  if (v.status === 'VERIFIED' && r.verified) {
    // Say it in the headline: "my verifier rejects this" is the pain when a leaf has since expired.
    const expiry = expiryLines(v.checks, c, pad);
    if (v.anchor && !v.anchor.apple) {
      return [`${pad}${c.yellow('VERIFIED, but not signed by Apple')}: the chain leads to your --root ${safeText(v.anchor.subject)} (SHA-256 ${v.anchor.sha256})`, ...expiry];
    }
    return [`${pad}${c.green('VERIFIED')}: signed by Apple (chain to Apple Root CA - G3)${at}`, ...expiry];
  }
  if (v.reason === 'jws.verify.xcode') {
    const skipped = findCheck(v.checks, 'jws.verify.xcode');
    return [`${pad}${c.yellow.bold('NOT VERIFIED')}${skipped ? `: ${safeMessage(skipped.title.replace(/^NOT VERIFIED: /, ''))}` : ''}`];
  }
  if (r.verified) {
    // Authentic, but a claim the user asked about did not match.
    const reason = findCheck(v.checks, v.reason);
    const who = v.anchor && !v.anchor.apple ? `your --root ${safeText(v.anchor.subject)}, not Apple` : 'Apple';
    return [`${pad}${c.red('MISMATCH')}: signed by ${who}, but ${reason ? safeMessage(reason.title) : v.status}`, ...fixLine(reason, c, pad)];
  }
  if (v.status === 'NOT_VERIFIED') return [`${pad}${c.yellow.bold('NOT VERIFIED')}: decoded only (--no-verify); anyone could have written this content`];
  if (v.status === 'UNSIGNED') return [`${pad}${c.yellow.bold('UNSIGNED')}: version 1 notifications carry no signature`];
  const reason = findCheck(v.checks, v.reason);
  return [`${pad}${c.red.bold('UNVERIFIED')} (${v.status}): ${reason ? safeMessage(reason.title) : (v.reason ?? 'verification failed')}`, ...fixLine(reason, c, pad)];
}

/** A certificate that has expired since: a plain warning when Apple's library would reject the payload now. */
function expiryLines(checks: readonly Check[], c: ChalkInstance, pad: string): string[] {
  const reject = checks.find((k) => k.id === 'jws.cert.expired-apple-rejects' || k.id === 'jws.cert.expired-online-rejects');
  if (reject) return [`${pad}  ${c.yellow('warning:')} ${safeMessage(reject.title)}`, ...(reject.detail ? [`${pad}    ${c.dim(safeMessage(reject.detail))}`] : [])];
  const since = findCheck(checks, 'jws.cert.expired-since');
  return since ? [`${pad}  ${safeMessage(since.title)}`] : [];
}

function findCheck(checks: readonly Check[], id: string | null | undefined): Check | undefined {
  return id ? checks.find((k) => k.id === id) : undefined;
}

function fixLine(k: Check | undefined, c: ChalkInstance, pad: string): string[] {
  return k?.fix ? [`${pad}  ${c.cyan('fix:')} ${safeMessage(k.fix)}`] : [];
}

/** Flattened `key  value` lines; nested signed fields point below instead of printing the JWS. */
function contentLines(obj: Record<string, unknown>, c: ChalkInstance, pad: string, now?: number, enums = true): string[] {
  const rows: [string, string][] = [];
  flatten(obj, '', rows, c, now, 0, enums);
  // Field names come from the payload too.
  for (const row of rows) row[0] = safeText(row[0], { max: MAX_VALUE });
  const width = Math.min(36, Math.max(0, ...rows.map(([k]) => k.length)));
  return rows.map(([k, v]) => `${pad}${k.padEnd(width)}  ${v}`);
}

function flatten(v: unknown, path: string, rows: [string, string][], c: ChalkInstance, now: number | undefined, depth: number, enums: boolean): void {
  const name = path.slice(path.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
  if (isObject(v) && depth < 8) {
    const entries = Object.entries(v);
    if (!entries.length) rows.push([path, '{}']);
    for (const [k, child] of entries) {
      if (MILLIUNIT_FIELDS.has(k) && typeof child === 'number') rows.push([path ? `${path}.${k}` : k, price(child, v.currency)]);
      else flatten(child, path ? `${path}.${k}` : k, rows, c, now, depth + 1, enums);
    }
    return;
  }
  if (Array.isArray(v) && depth < 8) {
    if (v.every((x) => x === null || typeof x !== 'object')) {
      rows.push([path, safeText(v.map((x) => String(x)).join(', ') || '[]', { max: MAX_VALUE })]);
      return;
    }
    v.forEach((child, i) => flatten(child, `${path}[${i}]`, rows, c, now, depth + 1, enums));
    return;
  }
  rows.push([path, valueText(name, v, c, now, enums)]);
}

function valueText(name: string, v: unknown, c: ChalkInstance, now: number | undefined, enums: boolean): string {
  if (typeof v === 'string' && NESTED_FIELDS.has(name)) return c.dim('(signed; decoded below)');
  if (typeof v === 'number') {
    if (isDateField(name)) {
      // Placeholders (0, Swift's distantPast and distantFuture) are named, not aged; a number no date can hold is shown as invalid.
      const sentinel = DATE_SENTINELS.get(v);
      if (sentinel) return `${v} (${sentinel})`;
      return isoWithAge(v, now);
    }
    const names = enums ? ENUM_NAMES[name] : undefined;
    if (names) return names[v] !== undefined ? `${v} (${names[v]})` : `${v} (unknown value)`;
    return String(v);
  }
  // JSON.stringify escapes C0 but not DEL, C1 or the bidirectional overrides: safeText covers them all.
  return safeText(typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)), { max: MAX_VALUE });
}

/** Prices are milliunits: 9990 with currency USD is 9.99 USD. */
function price(v: number, currency: unknown): string {
  return `${v} (${(v / 1000).toFixed(2)}${typeof currency === 'string' ? ` ${safeText(currency, { max: 12 })}` : ''}; milliunits)`;
}
