// Turns whatever a user pastes or pipes into payload items: a compact JWS (with quotes, whitespace or
// line breaks around it), a notification body {"signedPayload": ...}, a Get Test Notification Status
// or Get Notification History response, Get Transaction Info and similar API responses, a version 1
// body, or many of these one a line (streamed, so memory stays flat as a file grows).
import { MAX_JSON_DEPTH, MAX_JWS_LENGTH, jsonDepth } from './compact.js';
import { isObject } from './kind.js';

export type InputItem =
  | { type: 'jws'; jws: string; source: string; sendAttempts?: unknown }
  | { type: 'v1'; body: Record<string, unknown>; source: string }
  | { type: 'error'; source: string; error: { code: string; message: string; fix: string } };

/** A whole document held in memory must stay below this; larger inputs must be one item a line. */
const MAX_DOCUMENT_LENGTH = 64 * 1024 * 1024;

const FIX = 'Pass a signedPayload, a notification body {"signedPayload": "..."}, an API response that contains signed payloads, or one of these a line.';
const JWS_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const JWS_IN_TEXT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

function error(source: string, code: string, message: string): InputItem {
  return { type: 'error', source, error: { code, message, fix: FIX } };
}

/** Items in one complete text (an argument, or a whole file that is not one item a line). */
export function itemsFromText(text: string, source = 'input'): InputItem[] {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (!t) return [error(source, 'input.empty', 'the input is empty')];
  if (t.length > MAX_DOCUMENT_LENGTH) return [error(source, 'input.too-large', `the input is ${t.length} characters: too large`)];
  if (t[0] === '{' || t[0] === '[') {
    const parsed = tryJson(t);
    if (parsed.ok) return itemsFromJson(parsed.value, source);
    // Several JSON objects, one a line (NDJSON held in one text).
    const lines = t.split(/\r?\n/).filter((l) => l.trim());
    if (lines.length > 1 && lines.every((l) => tryJson(l.trim()).ok)) {
      return lines.flatMap((l, i) => itemsFromText(l, `line ${i + 1}`));
    }
    return [error(source, 'input.bad-json', `the input looks like JSON but does not parse: ${parsed.message}`)];
  }
  if (t[0] === '"') {
    const parsed = tryJson(t);
    if (parsed.ok && typeof parsed.value === 'string') return itemsFromText(parsed.value, source);
  }
  const lines = t.split(/\r?\n/).map(cleanJws).filter(Boolean);
  if (lines.length > 1 && lines.every((l) => JWS_SHAPE.test(l))) return lines.map((jws, i) => jwsItem(jws, `line ${i + 1}`));
  const joined = cleanJws(t.replace(/\s+/g, ''));
  if (JWS_SHAPE.test(joined)) return [jwsItem(joined, source)];
  // A log line or a fragment: pick out what looks like a JWS.
  const found = t.match(JWS_IN_TEXT);
  if (found?.length) return found.map((jws, i) => jwsItem(jws, found.length > 1 ? `${source} #${i + 1}` : source));
  return [error(source, 'input.not-a-payload', 'the input is neither a compact JWS nor JSON')];
}

function cleanJws(s: string): string {
  return s.trim().replace(/^[\s'"`]+|[\s'"`,;]+$/g, '');
}

function jwsItem(jws: string, source: string, sendAttempts?: unknown): InputItem {
  if (jws.length > MAX_JWS_LENGTH) return error(source, 'input.too-large', `a payload of ${jws.length} characters is too large to be an App Store signed payload`);
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
  if (jsonDepth(value) > MAX_JSON_DEPTH) return [error(source, 'input.too-deep', `the JSON nests deeper than ${MAX_JSON_DEPTH} levels: not an App Store body or response`)];
  const items: InputItem[] = [];
  collect(value, source, items);
  return items.length ? items : [error(source, 'input.no-payload', 'the JSON holds no signedPayload or other signed field')];
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

/**
 * Streams items from lines. When the first non-empty line is a complete item (a JWS or a JSON
 * document), every line is one item and nothing is held back; otherwise the lines are one document
 * (pretty-printed JSON, a JWS wrapped over lines) and are joined first.
 */
export async function* itemsFromLines(lines: AsyncIterable<string>): AsyncGenerator<InputItem> {
  let mode: 'undecided' | 'lines' | 'document' = 'undecided';
  const held: string[] = [];
  let heldLength = 0;
  let n = 0;
  for await (const raw of lines) {
    n++;
    if (mode === 'lines') {
      const fast = bareJwsLine(raw);
      if (fast !== undefined) yield jwsItem(fast, `line ${n}`);
      else if (raw.trim()) yield* itemsFromText(raw, `line ${n}`);
      continue;
    }
    if (mode === 'undecided' && raw.trim()) mode = isCompleteItem(raw) ? 'lines' : 'document';
    if (mode === 'lines') {
      yield* itemsFromText(raw, `line ${n}`);
      continue;
    }
    held.push(raw);
    heldLength += raw.length + 1;
    if (heldLength > MAX_DOCUMENT_LENGTH) {
      yield error('input', 'input.too-large', `the input is over ${MAX_DOCUMENT_LENGTH / 1024 / 1024} MB and not one item a line`);
      return;
    }
  }
  if (mode === 'document') yield* itemsFromText(held.join('\n'));
  else if (mode === 'undecided') yield error('input', 'input.empty', 'the input is empty');
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

function isCompleteItem(line: string): boolean {
  const t = line.trim();
  if (t[0] === '{' || t[0] === '[' || t[0] === '"') return tryJson(t).ok;
  return JWS_SHAPE.test(cleanJws(t));
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
 * each); only the unfinished line is held. "\r\n" endings are handled.
 */
export async function* readLines(stream: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of stream) {
    const text = rest + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    let start = 0;
    let nl = text.indexOf('\n', start);
    while (nl >= 0) {
      yield text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    rest = text.slice(start);
    // One endless line: hand it on; the caller refuses it as too large.
    if (rest.length > MAX_DOCUMENT_LENGTH) {
      yield rest;
      rest = '';
    }
  }
  if (rest) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}
