// Splits and decodes a compact JWS without trusting it. Anything that is not a JWS with a JSON
// header and a JSON object payload is "not a payload" (exit 2), with a named reason.
import { diagnostic, type DiagnosticId, type DiagnosticVars } from '../report/diagnostics/index.js';

export interface CompactJws {
  /** `header.payload` exactly as signed. */
  signingInput: string;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: Buffer;
}

export class NotAPayloadError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

/** A NotAPayloadError worded by registry entry `id`; `code` keeps a shared code where two wordings differ. */
export function notAPayload(id: DiagnosticId, vars: DiagnosticVars = {}, code: string = id): NotAPayloadError {
  const d = diagnostic(id, vars);
  return new NotAPayloadError(code, d.title, d.fix ?? '');
}

/** Larger than any App Store payload by far; refuse before decoding. */
export const MAX_JWS_LENGTH = 2 * 1024 * 1024;
/** Deeper than any App Store payload; refuse so rendering and JSON output cannot overflow the stack. */
export const MAX_JSON_DEPTH = 64;

// '=' and '+', '/' decode too (as padding / base64): refuse them at the end, where padding would sit.
const SEGMENT_END = /[A-Za-z0-9_-]$/;

export function parseCompact(jws: string): CompactJws {
  if (jws.length > MAX_JWS_LENGTH) throw notAPayload('input.jws-too-large', { length: jws.length }, 'input.too-large');
  const first = jws.indexOf('.');
  const second = first < 0 ? -1 : jws.indexOf('.', first + 1);
  if (first < 0 || second < 0 || jws.indexOf('.', second + 1) >= 0) throw notThreeParts(jws);
  const header = headerOf(jws.slice(0, first));
  const payload = decodeJsonObject(jws.slice(first + 1, second), 'payload');
  return { signingInput: jws.slice(0, second), header, payload, signature: strictBase64url(jws.slice(second + 1), 'signature') };
}

/**
 * Why text that is not three dot-separated parts is not a JWS, as precisely as its parts allow: too
 * many parts (something appended), or a JWS cut short (a header, whole or cut; a header and a payload,
 * whole or cut) — the usual result of a log line with a length limit.
 */
export function notThreeParts(text: string): NotAPayloadError {
  const parts = text.split('.');
  if (parts.length > 3) return notAPayload('input.too-many-parts', { count: parts.length });
  const [head, body] = parts as [string, string | undefined];
  const length = text.length;
  const header = jsonObjectOf(head);
  if (body === undefined) {
    if (header) return notAPayload('input.jws-header-only', { length });
    if (looseText(head).startsWith('{"')) return notAPayload('input.jws-header-cut', { length });
    return notAPayload('input.not-a-jws');
  }
  if (!header) return notAPayload('input.not-a-jws');
  if (jsonObjectOf(body)) return notAPayload('input.jws-no-signature');
  if (body === '' || looseText(body).startsWith('{')) return notAPayload('input.jws-payload-cut', { length });
  return notAPayload('input.not-a-jws');
}

/** base64url text decoded leniently (a cut part may end mid-character). */
function looseText(b64: string): string {
  return Buffer.from(b64, 'base64url').toString('utf8');
}

function jsonObjectOf(b64: string): Record<string, unknown> | undefined {
  if (!b64.startsWith('eyJ')) return undefined;
  try {
    const v: unknown = JSON.parse(looseText(b64));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// Payloads signed by one chain share one header (a few KB of x5c): it is decoded once, frozen (every
// result that carries it shares it, and chain verdicts are kept by its x5c array), and found again by
// comparing texts, most recent first: a Map would hash the KBs of every payload's header, which costs
// more than the comparison (and a batch has few distinct headers).
const recentHeaders: { b64: string; header: Record<string, unknown> }[] = [];
const HEADER_CACHE_LIMIT = 16;

function headerOf(b64: string): Record<string, unknown> {
  for (let i = 0; i < recentHeaders.length; i++) {
    const entry = recentHeaders[i]!;
    if (entry.b64.length !== b64.length || entry.b64 !== b64) continue;
    if (i > 0) recentHeaders.unshift(...recentHeaders.splice(i, 1));
    return entry.header;
  }
  const header = deepFreeze(decodeJsonObject(b64, 'header'));
  recentHeaders.unshift({ b64, header });
  if (recentHeaders.length > HEADER_CACHE_LIMIT) recentHeaders.pop();
  return header;
}

/** Freezes a parsed JSON value and everything in it (depth is bounded by MAX_JSON_DEPTH). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Buffer.from skips characters outside the alphabet, so a part with any is shorter than its length
 * says: checking the decoded length catches them without scanning the text again.
 */
function strictBase64url(b64: string, part: string): Buffer {
  const bytes = Buffer.from(b64, 'base64url');
  if (b64.length % 4 === 1 || bytes.length !== Math.floor((b64.length * 3) / 4) || (b64.length > 0 && !SEGMENT_END.test(b64))) {
    throw notAPayload('input.bad-base64url', { part });
  }
  return bytes;
}

function decodeJsonObject(b64: string, part: 'header' | 'payload'): Record<string, unknown> {
  const text = strictBase64url(b64, part).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw notAPayload(`input.bad-${part}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw notAPayload(`input.${part}-not-object`, {}, `input.bad-${part}`);
  }
  if (jsonDepth(value) > MAX_JSON_DEPTH) {
    throw notAPayload('input.jws-too-deep', { part, depth: MAX_JSON_DEPTH }, 'input.too-deep');
  }
  return value as Record<string, unknown>;
}

/** Nesting depth of a parsed JSON value, measured without recursion. */
export function jsonDepth(root: unknown, stopAt = MAX_JSON_DEPTH + 1): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    if (max >= stopAt) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
    }
  }
  return max;
}
