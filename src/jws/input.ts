// Turns whatever a user pastes or pipes into payload items: a compact JWS (with quotes, whitespace or
// line breaks around it), a notification body {"signedPayload": ...}, a Get Test Notification Status
// or Get Notification History response, Get Transaction Info and similar API responses, a version 1
// body, or many of these one a line (streamed, so memory stays flat as a file grows).
import { diagnostic, type DiagnosticId, type DiagnosticVars } from '../report/diagnostics/index.js';
import { MAX_JSON_DEPTH, MAX_JWS_LENGTH, jsonDepth, notThreeParts } from './compact.js';
import { isObject } from './kind.js';

export type InputItem =
  | { type: 'jws'; jws: string; source: string; sendAttempts?: unknown }
  | { type: 'v1'; body: Record<string, unknown>; source: string }
  | { type: 'error'; source: string; error: { code: string; message: string; fix: string } };

/** A whole document held in memory must stay below this; larger inputs must be one item a line. */
const MAX_DOCUMENT_LENGTH = 64 * 1024 * 1024;
/** One line of a stream: 8x the largest JWS accepted, far above any App Store body or API response. */
export const MAX_LINE_LENGTH = 16 * 1024 * 1024;

const JWS_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** Only base64url characters and dots: a JWS, whole, cut short or with parts added. */
const DOTTED_BASE64URL = /^[A-Za-z0-9_.-]+$/;
/** Maximal runs of base64url characters and dots: the JWS candidates in a log line (linear to find). */
const BASE64URL_RUN = /[A-Za-z0-9_.-]+/g;

function error(source: string, id: DiagnosticId, vars: DiagnosticVars = {}, code: string = id): InputItem {
  const d = diagnostic(id, vars);
  return { type: 'error', source, error: { code, message: d.title, fix: d.fix ?? '' } };
}

/** Items in one complete text (an argument, or a whole file that is not one item a line). */
export function itemsFromText(text: string, source = 'input'): InputItem[] {
  const t = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).trim();
  if (!t) return [error(source, 'input.empty')];
  if (t.length > MAX_DOCUMENT_LENGTH) return [error(source, 'input.too-large', { length: t.length })];
  if (t[0] === '{' || t[0] === '[') {
    const parsed = tryJson(t);
    if (parsed.ok) return itemsFromJson(parsed.value, source);
    // Several JSON objects, one a line (NDJSON held in one text).
    const lines = t.split(/\r?\n/).filter((l) => l.trim());
    if (lines.length > 1 && lines.every((l) => tryJson(l.trim()).ok)) {
      return lines.flatMap((l, i) => itemsFromText(l, `line ${i + 1}`));
    }
    return [badJson(source, t, parsed.message)];
  }
  if (t[0] === '"') {
    const parsed = tryJson(t);
    if (parsed.ok && typeof parsed.value === 'string') return itemsFromText(parsed.value, source);
  }
  const lines = t
    .split(/\r?\n/)
    .map((l, i) => ({ text: cleanJws(l), source: `line ${i + 1}` }))
    .filter((l) => l.text);
  if (lines.length > 1 && isJwsPerLine(lines.map((l) => l.text))) return lines.map((l) => candidateItem(l.text, l.source));
  // One JWS, perhaps wrapped over lines (every line nothing but base64url and dots): whatever its parts,
  // it is one item. Words around it make it a log line instead.
  if (lines.every((l) => DOTTED_BASE64URL.test(l.text))) return [candidateItem(lines.map((l) => l.text).join(''), source)];
  return itemsFoundInText(t, source);
}

/**
 * Lines that each start a JWS are one item a line when one of them is whole, or when joined they are
 * not one JWS (a batch of lines each cut short); a JWS wrapped at its dots stays one item.
 */
function isJwsPerLine(lines: readonly string[]): boolean {
  if (!lines.every((l) => l.startsWith('eyJ') && DOTTED_BASE64URL.test(l))) return false;
  return lines.some((l) => JWS_SHAPE.test(l)) || lines.join('').split('.', 4).length !== 3;
}

/** A dotted base64url string: a JWS when it has three parts, else the reason it is not one. */
function candidateItem(candidate: string, source: string): InputItem {
  // Three parts go to parseCompact, which names a bad part precisely.
  if (candidate.split('.', 4).length === 3) return jwsItem(candidate, source);
  if (candidate.length > MAX_JWS_LENGTH) return error(source, 'input.jws-too-large', { length: candidate.length }, 'input.too-large');
  const why = notThreeParts(candidate);
  return why.code === 'input.not-a-jws' ? error(source, 'input.not-a-payload') : { type: 'error', source, error: { code: why.code, message: why.message, fix: why.fix } };
}

/**
 * A log line or a fragment: each run of base64url characters and dots holding `eyJ` (the start of every
 * JWS header) is a candidate, from that `eyJ` on. Three parts are a JWS; more are refused (a JWS with
 * something appended is not that JWS). When no whole JWS is found, a cut-short one is named.
 */
function itemsFoundInText(t: string, source: string): InputItem[] {
  const whole: string[] = [];
  let firstPart: string | undefined;
  for (const m of t.matchAll(BASE64URL_RUN)) {
    const at = m[0].indexOf('eyJ');
    if (at < 0) continue;
    const candidate = trimDots(at ? m[0].slice(at) : m[0]);
    if (candidate.split('.', 4).length >= 3) whole.push(candidate);
    else firstPart ??= candidate;
  }
  if (whole.length) return whole.map((c, i) => candidateItem(c, whole.length > 1 ? `${source} #${i + 1}` : source));
  if (firstPart !== undefined) return [candidateItem(firstPart, source)];
  return [error(source, 'input.not-a-payload')];
}

/** A sentence may end right after a JWS: its full stop is not part of it. */
function trimDots(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 46) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Bad JSON: "cut short" when it stops mid-value (a log line with a length limit), else the parser's words. */
function badJson(source: string, t: string, reason: string): InputItem {
  if (/Unterminated string|Unexpected end of JSON|end of data/i.test(reason)) return error(source, 'input.json-cut', { length: t.length });
  return error(source, 'input.bad-json', { reason });
}

const QUOTES = new Set([" ", "\t", "\n", "\r", "\f", "\v", "'", '"', '`']);
const TRAILING = new Set([...QUOTES, ',', ';']);

/** Quotes and whitespace around a pasted JWS (and a trailing comma or semicolon) taken off, in one pass. */
function cleanJws(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (QUOTES.has(s[start]!) || isSpace(s.charCodeAt(start)))) start++;
  while (end > start && (TRAILING.has(s[end - 1]!) || isSpace(s.charCodeAt(end - 1)))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

function isSpace(code: number): boolean {
  return code === 0xa0 || code === 0xfeff || code === 0x2028 || code === 0x2029 || (code >= 0x2000 && code <= 0x200a) || code === 0x1680 || code === 0x202f || code === 0x205f || code === 0x3000;
}

function jwsItem(jws: string, source: string, sendAttempts?: unknown): InputItem {
  if (jws.length > MAX_JWS_LENGTH) return error(source, 'input.jws-too-large', { length: jws.length }, 'input.too-large');
  return sendAttempts === undefined ? { type: 'jws', jws, source } : { type: 'jws', jws, source, sendAttempts };
}

function tryJson(s: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(s) };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/** Signed payloads inside a parsed JSON value: bodies, API responses, arrays of them. */
function itemsFromJson(value: unknown, source = 'input'): InputItem[] {
  if (jsonDepth(value) > MAX_JSON_DEPTH) return [error(source, 'input.too-deep', { depth: MAX_JSON_DEPTH })];
  const items: InputItem[] = [];
  collect(value, source, items);
  return items.length ? items : [error(source, 'input.no-payload')];
}

const SIGNED_KEYS = ['signedPayload', 'signedTransactionInfo', 'signedRenewalInfo', 'signedAppTransactionInfo'];

function collect(v: unknown, path: string, items: InputItem[]): void {
  if (typeof v === 'string') {
    const s = cleanJws(v);
    if (JWS_SHAPE.test(s)) items.push(jwsItem(s, path));
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => collect(x, `${path}[${i}]`, items));
    return;
  }
  if (!isObject(v)) return;
  if ('notification_type' in v || 'unified_receipt' in v) {
    items.push({ type: 'v1', body: v, source: path });
    return;
  }
  const here = path === 'input' ? '' : `${path}.`;
  let took = false;
  for (const k of SIGNED_KEYS) {
    const s = v[k];
    if (typeof s === 'string') {
      // A notification body or a Get Test Notification Status / history item: keep its send attempts.
      // At the top of a labelled line, the line label alone says where it came from.
      const source = path !== 'input' && !path.includes('.') && !path.includes('[') && k === 'signedPayload' ? path : `${here}${k}`;
      items.push(jwsItem(cleanJws(s), source, k === 'signedPayload' ? v.sendAttempts : undefined));
      took = true;
    }
  }
  if (took) return;
  // Get Notification History (notificationHistory[]), Get Transaction History (signedTransactions[]),
  // Get All Subscription Statuses (data[].lastTransactions[]).
  for (const k of ['notificationHistory', 'signedTransactions', 'data', 'lastTransactions']) {
    if (Array.isArray(v[k])) collect(v[k], `${here}${k}`, items);
  }
}

/** A line longer than MAX_LINE_LENGTH: not kept, only counted. */
export interface OverlongLine {
  overlong: number;
}

/**
 * Streams items from lines. When the first non-empty line is a complete item (a JWS or a JSON
 * document), every line is one item and nothing is held back; otherwise the lines are one document
 * (pretty-printed JSON, a JWS wrapped over lines) and are joined first. Lines that start a JWS but
 * are cut short are held only until a whole item follows: then each was a batch line of its own.
 */
export async function* itemsFromLines(lines: AsyncIterable<string | OverlongLine>): AsyncGenerator<InputItem> {
  let mode: 'undecided' | 'lines' | 'document' = 'undecided';
  const held: string[] = [];
  let heldLength = 0;
  /** Every held non-empty line starts a JWS (a batch whose first lines are cut short, or a wrapped JWS). */
  let heldJwsStarts = true;
  let n = 0;
  for await (const raw of lines) {
    n++;
    if (typeof raw !== 'string') {
      if (mode === 'document') {
        yield error('input', 'input.document-too-large', { limit: MAX_DOCUMENT_LENGTH / 1024 / 1024 });
        return;
      }
      // An endless line is one bad input; the lines around it are still items.
      yield* flushHeld();
      mode = 'lines';
      yield error(`line ${n}`, 'input.line-too-long', { limit: MAX_LINE_LENGTH / 1024 / 1024 });
      continue;
    }
    if (mode === 'lines') {
      const fast = bareJwsLine(raw);
      if (fast !== undefined) yield jwsItem(fast, `line ${n}`);
      else if (raw.trim()) yield* itemsFromText(raw, `line ${n}`);
      continue;
    }
    if (raw.trim() && isCompleteItem(raw) && (mode === 'undecided' || (heldJwsStarts && held.length))) {
      yield* flushHeld();
      mode = 'lines';
      yield* itemsFromText(raw, `line ${n}`);
      continue;
    }
    if (raw.trim()) {
      mode = 'document';
      heldJwsStarts &&= startsJws(raw);
    }
    held.push(raw);
    heldLength += raw.length + 1;
    if (heldLength > MAX_DOCUMENT_LENGTH) {
      yield error('input', 'input.document-too-large', { limit: MAX_DOCUMENT_LENGTH / 1024 / 1024 });
      return;
    }
  }
  if (mode === 'document') yield* itemsFromText(held.join('\n'));
  else if (mode === 'undecided') yield error('input', 'input.empty');

  /** Held lines that turned out to be batch lines: each is an item, numbered as it was read. */
  function* flushHeld(): Generator<InputItem> {
    let first = n - held.length;
    for (const line of held.splice(0)) {
      if (line.trim()) yield* itemsFromText(line, `line ${first}`);
      first++;
    }
    heldLength = 0;
  }
}

function startsJws(line: string): boolean {
  const t = cleanJws(line);
  return t.startsWith('eyJ') && DOTTED_BASE64URL.test(t);
}

/** A line that is nothing but a JWS (the common batch case), without a regex pass over it. */
function bareJwsLine(raw: string): string | undefined {
  const line = raw.length && raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
  if (!line.startsWith('eyJ')) return undefined;
  const a = line.indexOf('.');
  const b = a < 0 ? -1 : line.indexOf('.', a + 1);
  if (b < 0 || line.indexOf('.', b + 1) >= 0) return undefined;
  const last = line.charCodeAt(line.length - 1);
  // Trailing whitespace or quotes take the slow path; parseCompact checks every character anyway.
  return last === 32 || last === 9 || last === 34 || last === 39 ? undefined : line;
}

/** A line that is an item on its own: JSON that parses, a JWS, or a JWS with parts appended. */
function isCompleteItem(line: string): boolean {
  const t = line.trim();
  if (t[0] === '{' || t[0] === '[' || t[0] === '"') return tryJson(t).ok;
  const c = cleanJws(t);
  return JWS_SHAPE.test(c) || (c.startsWith('eyJ') && DOTTED_BASE64URL.test(c) && c.split('.', 4).length > 3);
}

/** A version 1 body with the shared secret taken out: a `password` field is never shown, at any depth. */
export function redactV1(body: Record<string, unknown>): Record<string, unknown> {
  return redactPasswords(body) as Record<string, unknown>;
}

// Recursion is safe: JSON input deeper than MAX_JSON_DEPTH is refused before it gets here.
function redactPasswords(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactPasswords);
  if (!isObject(v)) return v;
  const copy: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) copy[k] = k === 'password' ? '[redacted: your app-specific shared secret]' : redactPasswords(x);
  return copy;
}

/**
 * Lines of a text stream, split with indexOf rather than readline's regex (batch lines are several KB
 * each). Only the unfinished line is held, as the chunks it spans (joined once, when it ends), so a long
 * line costs its length, not its length times its chunks. A line over `maxLine` is not kept: it comes
 * out as `{ overlong: length }`, and the lines after it as usual. "\r\n" endings are handled.
 */
export async function* readLines(stream: AsyncIterable<string | Buffer>, maxLine = MAX_LINE_LENGTH): AsyncGenerator<string | OverlongLine> {
  let pieces: string[] = [];
  let pending = 0;
  /** Length of an overlong line being skipped, or -1. */
  let skipped = -1;
  const finish = (tail: string): string | OverlongLine => {
    const length = pending + tail.length;
    let line: string | OverlongLine;
    if (skipped >= 0) line = { overlong: skipped + tail.length };
    else if (length > maxLine) line = { overlong: length };
    else {
      const text = pending ? pieces.join('') + tail : tail;
      line = text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
    }
    pieces = [];
    pending = 0;
    skipped = -1;
    return line;
  };
  for await (const chunk of stream) {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl >= 0) {
      yield finish(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    const rest = start ? text.slice(start) : text;
    if (!rest) continue;
    if (skipped >= 0) skipped += rest.length;
    else if (pending + rest.length > maxLine) {
      skipped = pending + rest.length;
      pieces = [];
      pending = 0;
    } else {
      pieces.push(rest);
      pending += rest.length;
    }
  }
  if (pending || skipped >= 0) yield finish('');
}
