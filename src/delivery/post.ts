// POSTs a body to a URL the way Apple's sender does and says what Apple would record.
// Shared by check-url's probes, trigger, the emulator's delivery engine and listen --forward-to.
// Every attempt is one bounded request (src/http/bounded-request.ts): a total deadline, a body cap.
import { performance } from 'node:perf_hooks';
import { isIP, type LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { BoundedRequestError, boundedRequest } from '../http/bounded-request.js';
import { inspectCharset, resultForError, resultForStatus } from './classify.js';
import type { SendAttemptResult } from '../apple/send-attempt-result.js';

export interface PostOptions {
  url: string;
  body: string | Buffer;
  /** POST unless told; check-url sends one GET to explain a 404/405 (the body is then not sent). */
  method?: 'POST' | 'GET';
  /** A `user-agent` here replaces ours (asn-doctor/<version>, src/http/user-agent.ts). */
  headers?: Record<string, string>;
  /** Added to our User-Agent, e.g. `emulator; not from Apple`. */
  userAgentNote?: string;
  /**
   * The whole attempt ends within this many milliseconds: connecting, any 1xx answers, the headers,
   * the body, and with `follow` every redirect hop together. Also the limit for each phase.
   */
  timeoutMs?: number;
  /** Extra trust anchors (PEM). When given, only these and the public roots are trusted. */
  ca?: string[];
  /** Skip certificate validation (check-url uses this to keep probing after a TLS failure). */
  insecure?: boolean;
  /** Resolve host names here instead of DNS (for --resolve and pinning to one address). */
  lookup?: LookupFunction;
  /** TLS server name to send; defaults to the URL's host. */
  servername?: string;
  /**
   * `none` (check-url, listen --forward-to): a 3xx is the answer; nothing is sent to its Location
   * (check-url inspects the chain itself, src/url/redirects.ts).
   * `follow` (Apple-like delivery by the emulator and trigger): follow up to `maxRedirects` hops,
   * never from https to http, and report the final answer.
   */
  redirects?: 'none' | 'follow';
  maxRedirects?: number;
  /** How many bytes of the response body to read and keep; reading stops there. */
  keepBodyBytes?: number;
  /** Ctrl-C: the attempt stops at once and says `interrupted` (never TIMED_OUT). */
  signal?: AbortSignal;
  /** Called when the first connection is up (TCP and TLS done), before the request is answered. */
  onConnect?: () => void;
}

export interface RedirectHop {
  url: string;
  status: number;
  location?: string;
}

export interface PostResult {
  url: string;
  result: SendAttemptResult;
  status?: number;
  headers?: Record<string, string>;
  contentType?: string;
  charset?: string;
  /** First bytes of the response body, as text. */
  bodySnippet?: string;
  /** Body bytes read (at most keepBodyBytes). */
  bodyBytes?: number;
  /** False when reading stopped at keepBodyBytes with more to come. */
  bodyComplete?: boolean;
  /** Time from sending to the response headers, in ms. */
  timeToHeadersMs?: number;
  /** Time until the attempt ended, in ms. */
  totalMs: number;
  errorCode?: string;
  errorMessage?: string;
  /** The attempt was cancelled (Ctrl-C); `result` then predicts nothing. */
  interrupted?: boolean;
  redirects: RedirectHop[];
  /** `follow`: true when a redirect came back to a URL already visited. */
  circular?: boolean;
}

type SingleResult = Omit<PostResult, 'url' | 'totalMs' | 'redirects' | 'result'> & { result?: SendAttemptResult };

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_REDIRECTS = 5;

export async function postNotification(opts: PostOptions): Promise<PostResult> {
  const started = performance.now();
  // undici takes whole milliseconds only.
  const timeoutMs = Math.max(1, Math.round(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS));
  const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const redirects: RedirectHop[] = [];
  const visited = new Set<string>();
  let currentUrl = opts.url;

  const agent = new Agent({
    connect: {
      timeout: timeoutMs,
      rejectUnauthorized: !opts.insecure,
      ...(opts.ca ? { ca: [...opts.ca] } : {}),
      ...(opts.lookup ? { lookup: opts.lookup } : {}),
      // SNI never carries an IP address (RFC 6066); Node warns (DEP0123) when given one.
      ...(opts.servername && isIP(opts.servername.replace(/^\[|\]$/g, '')) === 0 ? { servername: opts.servername } : {}),
    },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 1,
    pipelining: 0,
  });
  if (opts.onConnect) agent.once('connect', () => opts.onConnect?.());

  try {
    for (;;) {
      visited.add(currentUrl);
      const remaining = timeoutMs - (performance.now() - started);
      const one = await postOnce(agent, currentUrl, opts, remaining);
      const result: PostResult = {
        url: currentUrl,
        ...one,
        result: one.result ?? 'OTHER',
        totalMs: Math.round(performance.now() - started),
        redirects,
      };
      const location = one.headers?.location;
      if (opts.redirects !== 'follow' || one.status === undefined || one.status < 300 || one.status >= 400 || !location) return result;

      const next = safeResolve(location, currentUrl);
      redirects.push({ url: currentUrl, status: one.status, location: next ?? location });
      if (next !== undefined && visited.has(next)) return { ...result, result: 'CIRCULAR_REDIRECT', circular: true };
      // A long chain is not a loop; what Apple records past its (undocumented) hop limit is not known.
      if (redirects.length > maxRedirects) return { ...result, result: 'OTHER' };
      // A Location no sender can follow (another scheme, or from https down to http) ends the attempt.
      if (!next || !followable(currentUrl, next)) return { ...result, result: 'OTHER' };
      currentUrl = next;
    }
  } finally {
    await agent.close().catch(() => undefined);
  }
}

async function postOnce(agent: Agent, url: string, opts: PostOptions, deadlineMs: number): Promise<SingleResult> {
  const isGet = opts.method === 'GET';
  const out: SingleResult = {};
  try {
    const res = await boundedRequest(url, {
      method: isGet ? 'GET' : 'POST',
      dispatcher: agent,
      headers: isGet ? { ...opts.headers } : { 'content-type': 'application/json', ...opts.headers },
      ...(opts.userAgentNote ? { userAgentNote: opts.userAgentNote } : {}),
      ...(isGet ? {} : { body: opts.body }),
      deadlineMs,
      maxBodyBytes: opts.keepBodyBytes ?? 2048,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    Object.assign(out, answered(res.status, res.headers, res.body, res.timeToHeadersMs));
    out.bodyComplete = res.bodyComplete;
    const charset = inspectCharset(res.headers['content-type']);
    const byStatus = resultForStatus(res.status);
    out.result = byStatus === 'SUCCESS' && !charset.supported ? 'UNSUPPORTED_CHARSET' : byStatus;
    return out;
  } catch (err) {
    const partial = err instanceof BoundedRequestError ? err.partial : undefined;
    if (partial) Object.assign(out, answered(partial.status, partial.headers, partial.body, partial.timeToHeadersMs));
    const { result, code } = resultForError(err, partial !== undefined);
    out.result = result;
    out.errorCode = code;
    out.errorMessage = err instanceof Error ? err.message : String(err);
    if (err instanceof BoundedRequestError && err.failure === 'interrupted') out.interrupted = true;
    return out;
  }
}

function answered(status: number, headers: Record<string, string>, body: Buffer, timeToHeadersMs: number): SingleResult {
  const contentType = headers['content-type'];
  const charset = inspectCharset(contentType).charset;
  return {
    status,
    headers,
    ...(contentType ? { contentType } : {}),
    ...(charset ? { charset } : {}),
    bodySnippet: body.toString('utf8'),
    bodyBytes: body.length,
    timeToHeadersMs,
  };
}

function followable(from: string, to: string): boolean {
  const next = new URL(to).protocol;
  if (next !== 'https:' && next !== 'http:') return false;
  return !(new URL(from).protocol === 'https:' && next === 'http:');
}

function safeResolve(location: string, base: string): string | undefined {
  try {
    return new URL(location, base).href;
  } catch {
    return undefined;
  }
}
