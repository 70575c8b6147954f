// An App Store Connect API client on undici, beside the App Store Server API's (src/api/client.ts): a
// fresh token per request (src/auth/sign.ts), Apple's JSON:API error document read into AscHttpError,
// every request bounded by src/http/bounded-request.ts. Retries: a GET is repeated on 429, 5xx and a
// reset connection; a PATCH only on 429, which Apple answers before acting. A PATCH whose answer never
// came may have been applied: the caller reads the app back to find out (src/asc/apps.ts).
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import { classifyNetworkError, type ApiClientOptions } from '../api/client.js';
import { safeSnippet } from '../api/errors.js';
import { DEFAULT_RETRY_POLICY, withRetries, type AttemptResult, type RetryPolicy } from '../api/retry.js';
import { boundedRequest } from '../http/bounded-request.js';
import { ApiNetworkError, ApiResponseError, AscHttpError, ascErrorEntries } from './errors.js';

const MAX_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_ASC_TIMEOUT_MS = 30_000;

/** The App Store Server API client's options, but for the token: App Store Connect tokens have no environment. */
export interface AscClientOptions extends Pick<ApiClientOptions, 'baseUrl' | 'timeoutMs' | 'retry' | 'userAgentNote' | 'signal' | 'onEvent'> {
  /** Signs a new token; called for every HTTP request, retries included. */
  signToken: () => string;
}

export interface AscCall {
  method: 'GET' | 'PATCH';
  /** Under the base URL, starting with `/v1/`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

export interface AscResponse {
  status: number;
  json: unknown;
  /** `X-Rate-Limit`, when sent. */
  rateLimit?: string;
  attempts: number;
}

export class AscClient {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly agent: Agent;

  constructor(private readonly opts: AscClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_ASC_TIMEOUT_MS;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
    this.agent = new Agent({ connect: { timeout: this.timeoutMs }, headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs });
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }

  /** Resolves for a 2xx with a JSON (or empty) body; throws AscHttpError, ApiNetworkError or ApiResponseError. */
  async send(call: AscCall): Promise<AscResponse> {
    const url = `${this.baseUrl}${call.path}`;
    return withRetries<AscResponse, unknown>({
      policy: this.policy,
      timeoutMs: this.timeoutMs,
      signal: this.opts.signal,
      attempt: async (attempt, budgetMs): Promise<AttemptResult<AscResponse, unknown>> => {
        try {
          return { ok: true, value: await this.once(call, url, attempt, budgetMs) };
        } catch (error) {
          const why = retryReason(call, error);
          return { ok: false, error, ...(why ? { why } : {}) };
        }
      },
      gaveUp: (error, decision) => (decision.reason ? gaveUp(error, decision.reason) : error),
      onRetry: (r) => this.opts.onEvent?.({ type: 'retry', ...r }),
    });
  }

  private async once(call: AscCall, url: string, attempt: number, deadlineMs: number): Promise<AscResponse> {
    const fullUrl = call.query && Object.keys(call.query).length ? `${url}?${new URLSearchParams(call.query)}` : url;
    const headers: Record<string, string> = { authorization: `Bearer ${this.opts.signToken()}`, accept: 'application/json' };
    let body: string | undefined;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['content-type'] = 'application/json';
    }
    this.opts.onEvent?.({ type: 'request', method: call.method, url, attempt });
    const t0 = performance.now();
    let res;
    try {
      res = await boundedRequest(fullUrl, {
        method: call.method,
        dispatcher: this.agent,
        headers,
        ...(body !== undefined ? { body } : {}),
        ...(this.opts.userAgentNote ? { userAgentNote: this.opts.userAgentNote } : {}),
        deadlineMs,
        maxBodyBytes: MAX_BODY_BYTES,
        ...(this.opts.signal ? { signal: this.opts.signal } : {}),
      });
    } catch (err) {
      const ms = Math.round(performance.now() - t0);
      const { kind, code, detail } = classifyNetworkError(err);
      this.opts.onEvent?.({ type: 'network-error', method: call.method, url, code, ms });
      throw new ApiNetworkError({ method: call.method, url, kind, code, detail, timeoutMs: Math.round(deadlineMs), attempts: attempt });
    }
    const ms = Math.round(performance.now() - t0);
    this.opts.onEvent?.({ type: 'response', method: call.method, url, status: res.status, ms });
    const text = res.body.toString('utf8');
    const rateLimit = res.headers['x-rate-limit'];
    let json: unknown;
    let parseError: string | undefined;
    try {
      json = text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
    } catch (err) {
      parseError = err instanceof Error ? err.message : String(err);
    }
    if (res.status >= 200 && res.status < 300) {
      if (parseError !== undefined || !res.bodyComplete) {
        throw new ApiResponseError({
          method: call.method,
          url,
          status: res.status,
          attempts: attempt,
          ...(res.headers['content-type'] ? { contentType: res.headers['content-type'] } : {}),
          ...(safeSnippet(text) ? { snippet: safeSnippet(text)! } : {}),
          problem: 'not-json',
          detail: parseError ?? `the answer is larger than ${MAX_BODY_BYTES / (1024 * 1024)} MB`,
        });
      }
      return { status: res.status, json, ...(rateLimit ? { rateLimit } : {}), attempts: attempt };
    }
    const errors = ascErrorEntries(json);
    throw new AscHttpError({
      method: call.method,
      url,
      status: res.status,
      errors,
      ...(errors.length === 0 && safeSnippet(text) ? { snippet: safeSnippet(text)! } : {}),
      ...(rateLimit ? { rateLimit } : {}),
      attempts: attempt,
    });
  }
}

/**
 * Worth repeating: a 429, and for a read (never a PATCH, which may have been applied) a 5xx or a reset
 * connection. App Store Connect names no retry time, so the policy's backoff applies.
 */
function retryReason(call: AscCall, err: unknown): string | undefined {
  if (err instanceof AscHttpError) {
    if (err.facts.status === 429) return 'rate limit exceeded (429)';
    if (call.method === 'GET' && err.facts.status >= 500) return `server error (${err.facts.status})`;
    return undefined;
  }
  if (err instanceof ApiNetworkError && call.method === 'GET' && err.facts.kind === 'reset') return `connection reset (${err.facts.code})`;
  return undefined;
}

function gaveUp(err: unknown, reason: string): unknown {
  if (err instanceof AscHttpError) return new AscHttpError({ ...err.facts, gaveUp: reason });
  if (err instanceof ApiNetworkError) return new ApiNetworkError({ ...err.facts, gaveUp: reason });
  return err;
}
