// Splits and decodes a compact JWS without trusting it. Anything that is not a JWS with a JSON
// header and a JSON object payload is "not a payload" (exit 2), with a named reason.

export interface CompactJws {
  /** `header.payload` exactly as signed. */
  signingInput: string;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: Buffer;
  /** The encoded header: identical headers share one chain verdict. */
  headerB64: string;
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

/** Larger than any App Store payload by far; refuse before decoding. */
export const MAX_JWS_LENGTH = 2 * 1024 * 1024;
/** Deeper than any App Store payload; refuse so rendering and JSON output cannot overflow the stack. */
export const MAX_JSON_DEPTH = 64;

// '=' and '+', '/' decode too (as padding / base64): refuse them at the end, where padding would sit.
const SEGMENT_END = /[A-Za-z0-9_-]$/;
const FIX_PASTE = 'Paste the whole signedPayload (three base64url parts separated by dots), or the JSON body it came in.';

export function parseCompact(jws: string): CompactJws {
  if (jws.length > MAX_JWS_LENGTH) {
    throw new NotAPayloadError('input.too-large', `input is ${jws.length} characters: too large to be an App Store signed payload`, FIX_PASTE);
  }
  const first = jws.indexOf('.');
  const second = first < 0 ? -1 : jws.indexOf('.', first + 1);
  if (first < 0 || second < 0 || jws.indexOf('.', second + 1) >= 0) {
    throw new NotAPayloadError('input.not-a-jws', 'not a compact JWS: expected three parts separated by dots', FIX_PASTE);
  }
  const headerB64 = jws.slice(0, first);
  const payloadB64 = jws.slice(first + 1, second);
  const sigB64 = jws.slice(second + 1);
  let header = headerCache.get(headerB64);
  if (!header) {
    header = decodeJsonObject(headerB64, 'header');
    if (headerCache.size >= HEADER_CACHE_LIMIT) headerCache.clear();
    headerCache.set(headerB64, header);
  }
  const payload = decodeJsonObject(payloadB64, 'payload');
  return { signingInput: jws.slice(0, second), header, payload, signature: strictBase64url(sigB64, 'signature'), headerB64 };
}

// Payloads signed by one chain share one header (a few KB of x5c): decode it once. Read-only.
const headerCache = new Map<string, Record<string, unknown>>();
const HEADER_CACHE_LIMIT = 64;

/**
 * Buffer.from skips characters outside the alphabet, so a part with any is shorter than its length
 * says: checking the decoded length catches them without scanning the text again.
 */
function strictBase64url(b64: string, part: string): Buffer {
  const bytes = Buffer.from(b64, 'base64url');
  if (b64.length % 4 === 1 || bytes.length !== Math.floor((b64.length * 3) / 4) || (b64.length > 0 && !SEGMENT_END.test(b64))) {
    throw new NotAPayloadError('input.bad-base64url', `not a compact JWS: the ${part} is not valid base64url`, FIX_PASTE);
  }
  return bytes;
}

function decodeJsonObject(b64: string, part: 'header' | 'payload'): Record<string, unknown> {
  const text = strictBase64url(b64, part).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new NotAPayloadError(`input.bad-${part}`, `the JWS ${part} is not JSON after base64url decoding`, FIX_PASTE);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new NotAPayloadError(`input.bad-${part}`, `the JWS ${part} is not a JSON object`, FIX_PASTE);
  }
  if (jsonDepth(value) > MAX_JSON_DEPTH) {
    throw new NotAPayloadError(`input.too-deep`, `the JWS ${part} nests deeper than ${MAX_JSON_DEPTH} levels: not an App Store payload`, FIX_PASTE);
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
