// The one way asn-doctor sends an HTTP request to a server it does not control: the whole exchange
// (connect, TLS, any number of 1xx answers, headers, body) ends within one deadline, and at most
// `maxBodyBytes` of the body are read. undici's own timeouts measure gaps (a 103 Early Hints every
// second, or one body byte a second, resets them forever), so only a deadline bounds a request.
// Used by delivery POSTs (check-url, trigger, emulator, listen --forward-to), the App Store Server API
// client, OCSP and the emulator control client; every request carries our User-Agent (user-agent.ts).
import { performance } from 'node:perf_hooks';
import { request, type Dispatcher } from 'undici';
import { withUserAgent } from './user-agent.js';

export interface BoundedRequestOptions {
  method?: Dispatcher.HttpMethod;
  /** A `user-agent` here replaces ours (asn-doctor/<version>); most callers add a note instead. */
  headers?: Record<string, string>;
  /** Added to our User-Agent in parentheses, e.g. `check-url probe; not from Apple`. */
  userAgentNote?: string;
  body?: string | Buffer;
  /** undici dispatcher (an Agent with TLS and lookup settings); undici's global one by default. */
  dispatcher?: Dispatcher;
  /** Everything, from connecting to the last body byte read, ends within this many milliseconds. */
  deadlineMs: number;
  /** Body bytes kept; reading stops (and the connection is dropped) once this many are in. */
  maxBodyBytes: number;
  /** Cancels the request (Ctrl-C). Reported as `interrupted`, never as a timeout. */
  signal?: AbortSignal;
}

export interface BoundedResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The first `maxBodyBytes` of the body. */
  body: Buffer;
  /** False when reading stopped at `maxBodyBytes` with more to come. */
  bodyComplete: boolean;
  /** Milliseconds from the start to the final (non-1xx) status line and headers. */
  timeToHeadersMs: number;
  totalMs: number;
}

/** What went wrong: the deadline passed, the caller cancelled, or the transport failed. */
export type RequestFailure = 'deadline' | 'interrupted' | 'network';

/** The response as far as it got when the request failed after its headers arrived. */
export interface PartialResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  timeToHeadersMs: number;
}

/** Code carried by a request that ran out of time (there is no OS code for a deadline). */
export const DEADLINE_CODE = 'ASN_DEADLINE';
/** Code carried by a request the user cancelled. */
export const INTERRUPTED_CODE = 'ASN_INTERRUPTED';

export class BoundedRequestError extends Error {
  readonly code: string;
  constructor(
    readonly failure: RequestFailure,
    /** `response` before the final headers arrived, `body` after. */
    readonly phase: 'response' | 'body',
    readonly totalMs: number,
    cause: unknown,
    readonly partial?: PartialResponse,
  ) {
    super(failure === 'deadline' ? 'the request did not finish in time' : failure === 'interrupted' ? 'interrupted' : causeMessage(cause), { cause });
    this.name = 'BoundedRequestError';
    this.code = failure === 'deadline' ? DEADLINE_CODE : failure === 'interrupted' ? INTERRUPTED_CODE : (causeCode(cause) ?? 'UNKNOWN');
  }
}

export async function boundedRequest(url: string, o: BoundedRequestOptions): Promise<BoundedResponse> {
  const t0 = performance.now();
  const elapsed = () => Math.round(performance.now() - t0);
  const deadline = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    deadline.abort(new Error('deadline'));
  }, Math.max(0, o.deadlineMs));
  // AbortSignal.any adds no event listener to the caller's signal, however many requests share it.
  const signal = o.signal ? AbortSignal.any([deadline.signal, o.signal]) : deadline.signal;
  const failure = (): RequestFailure | undefined => (timedOut ? 'deadline' : o.signal?.aborted ? 'interrupted' : undefined);

  let partial: PartialResponse | undefined;
  const chunks: Buffer[] = [];
  try {
    const res = await request(url, {
      method: o.method ?? 'GET',
      ...(o.dispatcher ? { dispatcher: o.dispatcher } : {}),
      headers: withUserAgent(o.headers, o.userAgentNote),
      ...(o.body !== undefined ? { body: o.body } : {}),
      signal,
    });
    const headers = flattenHeaders(res.headers);
    partial = { status: res.statusCode, headers, body: Buffer.alloc(0), timeToHeadersMs: elapsed() };
    let kept = 0;
    let complete = true;
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      const room = o.maxBodyBytes - kept;
      if (buf.length > room) {
        // Enough for the report: whatever the server still sends is never read.
        chunks.push(buf.subarray(0, room));
        complete = false;
        break;
      }
      chunks.push(buf);
      kept += buf.length;
    }
    if (!complete) res.body.destroy();
    return { status: partial.status, headers, body: Buffer.concat(chunks), bodyComplete: complete, timeToHeadersMs: partial.timeToHeadersMs, totalMs: elapsed() };
  } catch (err) {
    if (partial) partial.body = Buffer.concat(chunks);
    const why = failure();
    throw new BoundedRequestError(why ?? 'network', partial ? 'body' : 'response', elapsed(), why ? undefined : err, partial);
  } finally {
    clearTimeout(timer);
  }
}

export function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function causeCode(err: unknown): string | undefined {
  for (let cur = err, depth = 0; cur && typeof cur === 'object' && depth < 5; depth += 1) {
    const e = cur as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof e.code === 'string') return e.code;
    if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
    cur = e.cause;
  }
  return undefined;
}

function causeMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
