// Turns API client failures into the typed errors the CLI prints, with wording from the registry.
// Exit codes (docs/conventions.md#exit-codes): Apple rejecting our input (400) is a usage error (2); a 4xx answer about the
// app or its configuration is a problem found (1); 5xx after retries, 429 beyond the retry budget,
// network failures and unreadable answers mean we could not finish (3).
import { diagnostic, type DiagnosticId, type DiagnosticVars } from '../report/diagnostics/index.js';
import { CouldNotFinishError, ProblemError, UsageError, type AsnError } from '../errors.js';
import { errorDiagnosticId, RATE_LIMIT_EXCEEDED } from './error-codes.js';
import { networkReason } from '../report/diagnostics/network-reason.js';
import { ApiHttpError, ApiNetworkError, ApiResponseError, type ApiError } from './errors.js';
import type { ApiEnvironment } from './endpoints.js';
import { formatMs } from './retry.js';
import { isoDate } from '../report/format.js';

function urlFieldFor(environment: ApiEnvironment): string {
  return environment === 'sandbox' ? 'Sandbox Server URL' : 'Production Server URL';
}

export interface ExplainContext {
  environment: ApiEnvironment;
}

/** The registry id and vars that describe an API failure. */
export function describeApiError(err: ApiError, ctx: ExplainContext): { id: DiagnosticId; vars: DiagnosticVars } {
  const base: DiagnosticVars = { environment: ctx.environment, urlField: urlFieldFor(ctx.environment) };
  if (err instanceof ApiNetworkError) {
    const f = err.facts;
    const id: DiagnosticId = f.kind === 'aborted' ? 'api.network.other' : `api.network.${f.kind}`;
    return { id, vars: { ...base, url: f.url, host: hostOf(f.url), code: f.code, reason: networkReason(f.code), detail: f.detail, timeout: formatMs(f.timeoutMs) } };
  }
  if (err instanceof ApiResponseError) {
    const f = err.facts;
    return {
      id: `api.response.${f.problem}`,
      vars: { ...base, url: f.url, status: f.status, contentType: f.contentType ?? 'no content type', snippet: f.snippet ?? '(empty)', detail: f.detail },
    };
  }
  const f = err.facts;
  if (f.errorCode !== undefined) {
    const retryAt = f.retryAt ? `Apple allows the next request at ${isoDate(f.retryAt)}.` : '';
    return { id: errorDiagnosticId(f.errorCode), vars: { ...base, errorCode: f.errorCode, errorMessage: f.errorMessage ?? '', retryAt } };
  }
  if (f.status === 401) return { id: 'api.http.401', vars: base };
  if (f.status === 403) return { id: 'api.http.403', vars: { ...base, url: f.url } };
  const body = f.snippet ? `a ${f.contentType ?? 'untyped'} body` : 'an empty body';
  return { id: 'api.http.status', vars: { ...base, method: f.method, url: f.url, status: f.status, body } };
}

/** An AsnError for the top-level handler: one message line (with the request facts) and one fix. */
export function apiErrorToAsn(err: ApiError, ctx: ExplainContext): AsnError {
  const { id, vars } = describeApiError(err, ctx);
  const d = diagnostic(id, vars);
  const message = [d.title, ...factsLine(err)].join(' — ');
  const details = { code: id, message, ...(d.fix ? { fix: d.fix } : {}), cause: err };
  return new (errorClassFor(err))(details);
}

function errorClassFor(err: ApiError): typeof UsageError | typeof ProblemError | typeof CouldNotFinishError {
  if (!(err instanceof ApiHttpError)) return CouldNotFinishError;
  const { status, errorCode } = err.facts;
  if (status === 429 || errorCode === RATE_LIMIT_EXCEEDED || status >= 500) return CouldNotFinishError;
  if (errorCode !== undefined && errorCode >= 4000000 && errorCode < 4010000) return UsageError;
  if (status >= 400) return ProblemError;
  return CouldNotFinishError;
}

/** Status, content type, request id, snippet and retry story: what a user quotes to Apple or a proxy admin. */
function factsLine(err: ApiError): string[] {
  if (err instanceof ApiNetworkError) {
    return err.facts.gaveUp ? [err.facts.gaveUp] : [];
  }
  const f = err.facts;
  const parts: string[] = [`HTTP ${f.status}`];
  if (err instanceof ApiHttpError && f.contentType && err.facts.errorCode === undefined) parts.push(f.contentType);
  if (f.requestUuid) parts.push(`x-apple-request-uuid ${f.requestUuid}`);
  if (err instanceof ApiResponseError && f.snippet) parts.push(`body: ${JSON.stringify(f.snippet)}`);
  if (err instanceof ApiHttpError) {
    if (err.facts.errorCode === undefined && f.snippet) parts.push(`body: ${JSON.stringify(f.snippet)}`);
    if (err.facts.gaveUp) parts.push(err.facts.gaveUp);
    if (err.facts.retryAt) parts.push(`Apple allows the next request at ${isoDate(err.facts.retryAt)}`);
  }
  return [parts.join(', ')];
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
