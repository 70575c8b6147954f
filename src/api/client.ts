// An App Store Server API client on undici. One job: send a request with a fresh JWT, decode the
// answer or the error, and retry only where Apple says a retry helps (retry.ts). Each request ends
// within `timeoutMs` (connect to last byte, src/http/bounded-request.ts), and a call with its retries
// within the retry policy's `maxTotalMs`. Events for --debug carry no secrets: the Authorization
// header is never reported.
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import { errorCodes } from '../delivery/classify.js';
import { BoundedRequestError, boundedRequest } from '../http/bounded-request.js';
import type { ApiEnvironment } from './endpoints.js';
import { ApiHttpError, ApiNetworkError, ApiResponseError, safeSnippet, type NetworkFailureKind, type ResponseFacts } from './errors.js';
import { DEFAULT_RETRY_POLICY, formatMs, retryOf, withRetries, type AttemptOutcome, type RetryPolicy } from './retry.js';

export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export type ApiEvent =
  | { type: 'request'; method: string; url: string; attempt: number }
  | { type: 'response'; method: string; url: string; status: number; ms: number; requestUuid?: string; errorCode?: number; date?: string }
  | { type: 'network-error'; method: string; url: string; code: string; ms: number }
  | { type: 'retry'; reason: string; delayMs: number; nextAttempt: number };

export interface ApiClientOptions {
  baseUrl: string;
  environment: ApiEnvironment;
  /** Signs a new JWT. Called for every HTTP request, retries included (Apple: one token per request). */
  signToken: () => string | Promise<string>;
  /** Added to our User-Agent (asn-doctor/<version>), e.g. `demo`. */
  userAgentNote?: string;
  /** Limit for one HTTP request (connect, headers and body together). */
  timeoutMs?: number;
  /** Retries; `maxTotalMs` also bounds the whole call, waits and attempts included. */
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  onEvent?: (event: ApiEvent) => void;
}

export interface ApiCall {
  method: 'GET' | 'POST';
  /** Path under the base URL, starting with `/inApps/`. */
  path: string;
  query?: Record<string, string>;
  /** Sent as JSON when present; no body and no Content-Type otherwise (as Apple's libraries do). */
  body?: unknown;
  /**
   * Ends this call early (on top of the client's own signal): `send-test --wait` stops a status
   * look-up in flight when the wait is over. The call then fails with kind `aborted`.
   */
  signal?: AbortSignal;
}

export interface ApiResponse {
  status: number;
  /** The parsed JSON body (undefined for an empty body). */
  json: unknown;
  requestUuid?: string;
  date?: string;
  attempts: number;
}

export class ApiClient {
  readonly baseUrl: string;
  readonly environment: ApiEnvironment;
  readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly agent: Agent;

  constructor(private readonly opts: ApiClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.environment = opts.environment;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
    this.agent = new Agent({
      connect: { timeout: this.timeoutMs },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }

  /** Sends the call, retrying per the policy. Resolves only for a 2xx with a JSON (or empty) body. */
  async send(call: ApiCall): Promise<ApiResponse> {
    const url = `${this.baseUrl}${call.path}`;
    const signals = [this.opts.signal, call.signal].filter((x): x is AbortSignal => x !== undefined);
    const cancel = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    return withRetries<ApiResponse, ApiHttpError | ApiNetworkError | ApiResponseError>({
      policy: this.policy,
      timeoutMs: this.timeoutMs,
      signal: cancel,
      attempt: async (attempt, budgetMs) => {
        const outcome = await this.once(call, url, attempt, budgetMs, cancel);
        return outcome.ok ? { ok: true, value: outcome.response } : { ok: false, error: outcome.error, ...retryOf(outcome.outcome, Date.now()) };
      },
      gaveUp: (error, decision) => withGaveUp(error, decision.reason, decision.retryAt),
      onRetry: (r) => this.opts.onEvent?.({ type: 'retry', ...r }),
    });
  }

  private async once(
    call: ApiCall,
    url: string,
    attempt: number,
    deadlineMs: number,
    cancel: AbortSignal | undefined,
  ): Promise<
    | { ok: true; response: ApiResponse }
    | { ok: false; outcome: AttemptOutcome; error: ApiHttpError | ApiNetworkError | ApiResponseError }
  > {
    const fullUrl = call.query && Object.keys(call.query).length ? `${url}?${new URLSearchParams(call.query)}` : url;
    const headers: Record<string, string> = {
      authorization: `Bearer ${await this.opts.signToken()}`,
      accept: 'application/json',
    };
    let body: string | undefined;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['content-type'] = 'application/json';
    }
    this.opts.onEvent?.({ type: 'request', method: call.method, url, attempt });
    const t0 = performance.now();
    let status: number;
    let resHeaders: Record<string, string>;
    let text: string;
    try {
      const res = await boundedRequest(fullUrl, {
        method: call.method,
        dispatcher: this.agent,
        headers,
        ...(this.opts.userAgentNote ? { userAgentNote: this.opts.userAgentNote } : {}),
        ...(body !== undefined ? { body } : {}),
        deadlineMs,
        maxBodyBytes: MAX_BODY_BYTES,
        ...(cancel ? { signal: cancel } : {}),
      });
      status = res.status;
      resHeaders = res.headers;
      text = res.body.toString('utf8');
      if (!res.bodyComplete && status >= 200 && status < 300) {
        throw new ApiResponseError({
          method: call.method,
          url,
          status,
          attempts: attempt,
          problem: 'not-json',
          detail: `the answer is larger than ${MAX_BODY_BYTES / (1024 * 1024)} MB; reading stopped there`,
        });
      }
    } catch (err) {
      if (err instanceof ApiResponseError) throw err;
      const ms = Math.round(performance.now() - t0);
      const { kind, code, detail } = classifyNetworkError(err);
      this.opts.onEvent?.({ type: 'network-error', method: call.method, url, code, ms });
      const error = new ApiNetworkError({ method: call.method, url, kind, code, detail, timeoutMs: Math.round(deadlineMs), attempts: attempt });
      // An interruption is final; everything else goes through the retry policy.
      if (kind === 'aborted') throw error;
      return { ok: false, outcome: { kind: 'network', code, reset: kind === 'reset' }, error };
    }
    const ms = Math.round(performance.now() - t0);
    const facts: ResponseFacts = {
      method: call.method,
      url,
      status,
      attempts: attempt,
      ...optional('contentType', resHeaders['content-type']),
      ...optional('requestUuid', resHeaders['x-apple-request-uuid']),
      ...optional('date', resHeaders.date),
    };
    const parsed = parseJson(text);
    if (status >= 200 && status < 300) {
      this.opts.onEvent?.({ type: 'response', method: call.method, url, status, ms, ...optional('requestUuid', facts.requestUuid), ...optional('date', facts.date) });
      if (parsed.ok) {
        return {
          ok: true,
          response: { status, json: parsed.value, attempts: attempt, ...optional('requestUuid', facts.requestUuid), ...optional('date', facts.date) },
        };
      }
      // A 2xx with a body that is not JSON is not worth repeating: report it.
      throw new ApiResponseError({
        ...facts,
        ...optional('snippet', safeSnippet(text)),
        problem: 'not-json',
        detail: parsed.error,
      });
    }
    const apple = parsed.ok ? appleErrorBody(parsed.value) : {};
    this.opts.onEvent?.({ type: 'response', method: call.method, url, status, ms, ...optional('requestUuid', facts.requestUuid), ...optional('errorCode', apple.errorCode), ...optional('date', facts.date) });
    const retryAfter = resHeaders['retry-after'];
    const error = new ApiHttpError({
      ...facts,
      ...(apple.errorCode === undefined ? optional('snippet', safeSnippet(text)) : {}),
      ...optional('errorCode', apple.errorCode),
      ...optional('errorMessage', apple.errorMessage),
      ...optional('retryAfter', retryAfter),
    });
    return {
      ok: false,
      outcome: { kind: 'http', status, ...optional('errorCode', apple.errorCode), ...optional('retryAfter', retryAfter) },
      error,
    };
  }
}

function withGaveUp<E extends ApiHttpError | ApiNetworkError | ApiResponseError>(err: E, reason?: string, retryAt?: number): E {
  if (err instanceof ApiHttpError) {
    return new ApiHttpError({ ...err.facts, ...optional('gaveUp', reason), ...optional('retryAt', retryAt) }) as E;
  }
  if (err instanceof ApiNetworkError && reason) return new ApiNetworkError({ ...err.facts, gaveUp: reason }) as E;
  return err;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

function appleErrorBody(value: unknown): { errorCode?: number; errorMessage?: string } {
  if (!value || typeof value !== 'object') return {};
  const v = value as { errorCode?: unknown; errorMessage?: unknown };
  const out: { errorCode?: number; errorMessage?: string } = {};
  if (typeof v.errorCode === 'number' && Number.isInteger(v.errorCode)) out.errorCode = v.errorCode;
  else if (typeof v.errorCode === 'string' && /^\d+$/.test(v.errorCode)) out.errorCode = Number(v.errorCode);
  if (typeof v.errorMessage === 'string') out.errorMessage = v.errorMessage;
  return out;
}

const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH)/;

export function classifyNetworkError(err: unknown): { kind: NetworkFailureKind; code: string; detail: string } {
  const failure = err instanceof BoundedRequestError ? err.failure : 'network';
  const { codes, names, message } = errorCodes(err);
  const code = codes[0] ?? names[0] ?? 'UNKNOWN';
  const has = (c: string) => codes.includes(c);
  if (failure === 'interrupted') return { kind: 'aborted', code: 'ABORTED', detail: 'interrupted' };
  const timedOut = failure === 'deadline';
  if (timedOut || has('UND_ERR_HEADERS_TIMEOUT') || has('UND_ERR_BODY_TIMEOUT') || has('UND_ERR_CONNECT_TIMEOUT') || has('ETIMEDOUT')) {
    return { kind: 'timeout', code: timedOut ? 'TIMEOUT' : code, detail: message };
  }
  if (codes.some((c) => TLS_CODE.test(c))) return { kind: 'tls', code, detail: message };
  if (has('ENOTFOUND') || has('EAI_AGAIN')) return { kind: 'dns', code, detail: message };
  if (has('ECONNREFUSED')) return { kind: 'refused', code, detail: message };
  if (has('ECONNRESET') || has('EPIPE') || has('UND_ERR_SOCKET') || has('ECONNABORTED')) return { kind: 'reset', code, detail: message };
  return { kind: 'other', code, detail: message };
}

export { formatMs };
