// POSTs a body to a URL the way Apple's sender does and says what Apple would record.
// Shared by check-url's probes, trigger, the emulator's delivery engine and listen --forward-to.
import { performance } from 'node:perf_hooks';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { inspectCharset, resultForError, resultForStatus } from './classify.js';
import type { SendAttemptResult } from './send-attempt-result.js';

export interface PostOptions {
  url: string;
  body: string | Buffer;
  /** POST unless told; check-url sends one GET to explain a 404/405 (the body is then not sent). */
  method?: 'POST' | 'GET';
  headers?: Record<string, string>;
  /** Per-phase timeout (connect, headers, body), in milliseconds. */
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
   * `report` (check-url): a 3xx is the result; the chain is traced only to detect loops.
   * `follow` (Apple-like delivery): follow redirects and report the final answer.
   * `relay` (listen --forward-to): the 3xx is the answer; nothing is sent to its Location.
   */
  redirects?: 'report' | 'follow' | 'relay';
  maxRedirects?: number;
  /** How many bytes of the response body to keep for the report. */
  keepBodyBytes?: number;
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
  bodyBytes?: number;
  /** Time from sending to the response headers, in ms. */
  timeToHeadersMs?: number;
  /** Time until the attempt ended, in ms. */
  totalMs: number;
  errorCode?: string;
  errorMessage?: string;
  redirects: RedirectHop[];
  /** True when redirects looped or exceeded the hop limit. */
  circular?: boolean;
}

interface SingleResult {
  status?: number;
  headers?: Record<string, string>;
  bodySnippet?: string;
  bodyBytes?: number;
  timeToHeadersMs?: number;
  errorCode?: string;
  errorMessage?: string;
  result?: SendAttemptResult;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export async function postNotification(opts: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRedirects = opts.maxRedirects ?? 10;
  const mode = opts.redirects ?? 'report';
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
      const one = await postOnce(agent, currentUrl, opts, timeoutMs);
      const base: PostResult = {
        url: currentUrl,
        result: one.result ?? 'OTHER',
        totalMs: Math.round(performance.now() - started),
        redirects,
      };
      if (one.status === undefined) return { ...base, ...definedOnly(one) } as PostResult;

      const location = one.headers?.location;
      // `relay` (listen --forward-to): hand a 3xx back as it is; never send anything to the Location.
      if (mode !== 'relay' && one.status >= 300 && one.status < 400 && location) {
        const next = safeResolve(location, currentUrl);
        redirects.push({ url: currentUrl, status: one.status, location: next ?? location });
        const loop = next !== undefined && visited.has(next);
        if (loop || redirects.length > maxRedirects) {
          return { ...base, ...definedOnly(one), result: 'CIRCULAR_REDIRECT', circular: true };
        }
        if (next && mode === 'follow') {
          currentUrl = next;
          continue;
        }
        if (next && mode === 'report') {
          // Trace without sending the payload again, only to tell a loop from a single hop.
          const circular = await traceLoop(agent, next, visited, maxRedirects - redirects.length, timeoutMs, opts);
          if (circular) return { ...base, ...definedOnly(one), result: 'CIRCULAR_REDIRECT', circular: true };
        }
      }
      return { ...base, ...definedOnly(one) } as PostResult;
    }
  } finally {
    await agent.close().catch(() => undefined);
  }
}

async function postOnce(agent: Agent, url: string, opts: PostOptions, timeoutMs: number): Promise<SingleResult> {
  const t0 = performance.now();
  let afterHeaders = false;
  const out: SingleResult = {};
  try {
    const isGet = opts.method === 'GET';
    const res = await request(url, {
      method: isGet ? 'GET' : 'POST',
      dispatcher: agent,
      headers: isGet ? { ...opts.headers } : { 'content-type': 'application/json', ...opts.headers },
      ...(isGet ? {} : { body: opts.body }),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    afterHeaders = true;
    out.timeToHeadersMs = Math.round(performance.now() - t0);
    out.status = res.statusCode;
    out.headers = flattenHeaders(res.headers);
    const keep = opts.keepBodyBytes ?? 2048;
    const chunks: Buffer[] = [];
    let kept = 0;
    let total = 0;
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      total += buf.length;
      if (kept < keep) {
        chunks.push(buf.subarray(0, keep - kept));
        kept += Math.min(buf.length, keep - kept);
      }
    }
    out.bodyBytes = total;
    out.bodySnippet = Buffer.concat(chunks).toString('utf8');
    const charset = inspectCharset(out.headers['content-type']);
    const byStatus = resultForStatus(res.statusCode);
    out.result = byStatus === 'SUCCESS' && !charset.supported ? 'UNSUPPORTED_CHARSET' : byStatus;
    return out;
  } catch (err) {
    const { result, code } = resultForError(err, afterHeaders);
    out.result = result;
    out.errorCode = code;
    out.errorMessage = err instanceof Error ? err.message : String(err);
    if (out.timeToHeadersMs === undefined && !afterHeaders) delete out.status;
    return out;
  }
}

async function traceLoop(
  agent: Agent,
  start: string,
  visited: Set<string>,
  hopsLeft: number,
  timeoutMs: number,
  opts: PostOptions,
): Promise<boolean> {
  let url = start;
  const seen = new Set(visited);
  for (let i = 0; i <= hopsLeft; i += 1) {
    if (seen.has(url)) return true;
    seen.add(url);
    let status: number;
    let location: string | undefined;
    try {
      const res = await request(url, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json', ...opts.headers },
        body: '{}',
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      status = res.statusCode;
      location = flattenHeaders(res.headers).location;
      await res.body.dump().catch(() => undefined);
    } catch {
      return false;
    }
    if (status < 300 || status >= 400 || !location) return false;
    const next = safeResolve(location, url);
    if (!next) return false;
    url = next;
  }
  return true;
}

function safeResolve(location: string, base: string): string | undefined {
  try {
    return new URL(location, base).href;
  } catch {
    return undefined;
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

function definedOnly<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
