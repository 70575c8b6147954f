// Plain error types of the API client. Commands turn them into user-facing errors through
// explain.ts; nothing here holds wording beyond a developer-facing message.
import { redact } from '../util/redact.js';

/** The facts of one HTTP answer that matter when it is not the expected one. */
export interface ResponseFacts {
  method: string;
  /** Request URL without the query string (pagination tokens stay out of messages). */
  url: string;
  status: number;
  contentType?: string;
  /** `x-apple-request-uuid`, when the server sent one; quote it to Apple support. */
  requestUuid?: string;
  /** The `Date` response header, for clock-skew checks. */
  date?: string;
  /** A short, printable start of the body (control characters removed, secrets redacted). */
  snippet?: string;
  attempts: number;
}

/** A non-2xx answer, with Apple's {errorCode, errorMessage} when the body carried them. */
export class ApiHttpError extends Error {
  constructor(
    readonly facts: ResponseFacts & {
      errorCode?: number;
      errorMessage?: string;
      retryAfter?: string;
      /** Epoch ms from Retry-After, when the last answer was a 429 we stopped waiting for. */
      retryAt?: number;
      /** Why retrying stopped, when it was attempted. */
      gaveUp?: string;
    },
  ) {
    super(`${facts.method} ${facts.url} answered ${facts.status}${facts.errorCode ? ` ${facts.errorCode}` : ''}`);
    this.name = 'ApiHttpError';
  }
}

/** A 2xx answer whose body is not the JSON the endpoint documents. */
export class ApiResponseError extends Error {
  constructor(readonly facts: ResponseFacts & { problem: 'not-json' | 'wrong-shape'; detail: string }) {
    super(`${facts.method} ${facts.url}: ${facts.detail}`);
    this.name = 'ApiResponseError';
  }
}

export type NetworkFailureKind = 'timeout' | 'reset' | 'refused' | 'tls' | 'dns' | 'aborted' | 'other';

/** No HTTP answer at all: timeout, refused, reset, TLS or DNS failure. */
export class ApiNetworkError extends Error {
  constructor(
    readonly facts: {
      method: string;
      url: string;
      kind: NetworkFailureKind;
      code: string;
      detail: string;
      timeoutMs: number;
      attempts: number;
      gaveUp?: string;
    },
  ) {
    super(`${facts.method} ${facts.url}: ${facts.kind} (${facts.code})`);
    this.name = 'ApiNetworkError';
  }
}

export type ApiError = ApiHttpError | ApiResponseError | ApiNetworkError;

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiHttpError || err instanceof ApiResponseError || err instanceof ApiNetworkError;
}

const SNIPPET_CHARS = 160;

/** A body start that is safe to print: printable, one line, short, redacted. */
export function safeSnippet(body: string): string | undefined {
  const flat = body
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!flat) return undefined;
  const cut = flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat;
  return redact(cut);
}
