// Turns App Store Connect API failures and app look-up failures into the typed errors the CLI prints,
// worded by the registry (src/report/diagnostics/asc.ts). Exit codes (docs/conventions.md#exit-codes):
// Apple refusing a value we sent (400, 409, 422) and an app that cannot be told from what was given
// are usage errors (2); 401, 403 and 404 are problems found (1); 429, 5xx, network failures and
// unreadable answers mean we could not finish (3). Apple's titles and details are outside text: they
// are escaped where they are shown (cli.ts, safeText).
import { CouldNotFinishError, ProblemError, UsageError, type AsnError } from '../errors.js';
import { diagnostic, type DiagnosticId, type DiagnosticVars } from '../report/diagnostics/index.js';
import { networkReason } from '../report/diagnostics/network-reason.js';
import { ApiNetworkError, ApiResponseError, AscHttpError } from './errors.js';
import { AppLookupError } from './apps.js';

export type AscError = AscHttpError | ApiNetworkError | ApiResponseError;

export function isAscError(err: unknown): err is AscError {
  return err instanceof AscHttpError || err instanceof ApiNetworkError || err instanceof ApiResponseError;
}

/** What the request was for, in the 403 wording: reading or changing the app. */
export interface ExplainAscContext {
  action?: 'read' | 'change';
}

export function describeAscError(err: AscError, ctx: ExplainAscContext = {}): { id: DiagnosticId; vars: DiagnosticVars } {
  if (err instanceof ApiNetworkError) {
    const f = err.facts;
    const reason = f.kind === 'timeout' ? `no answer within ${Math.round(f.timeoutMs / 100) / 10} s` : networkReason(f.code);
    return { id: 'asc.network', vars: { host: hostOf(f.url), reason: f.gaveUp ? `${reason}; ${f.gaveUp}` : reason } };
  }
  if (err instanceof ApiResponseError) {
    return { id: 'asc.response', vars: { url: err.facts.url, status: err.facts.status, detail: err.facts.detail } };
  }
  const f = err.facts;
  const first = f.errors[0];
  const code = first?.code ?? 'no error code';
  const detail = first?.detail || first?.title || 'no detail';
  const base = { status: f.status, code, detail };
  if (f.status === 401) return { id: 'asc.http.401', vars: base };
  if (f.status === 403) return { id: 'asc.http.403', vars: { ...base, action: ctx.action === 'change' ? "change this app's settings" : 'read this app' } };
  if (f.status === 404) return { id: 'asc.http.404', vars: base };
  if (f.status === 400 || f.status === 409 || f.status === 422) {
    const where = first?.source?.pointer ?? first?.source?.parameter;
    return { id: 'asc.http.refused-value', vars: { ...base, pointer: where ? ` at ${where}` : '' } };
  }
  if (f.status === 429) return { id: 'asc.http.429', vars: { ...base, rateLimit: f.rateLimit ?? 'no X-Rate-Limit header' } };
  if (f.status >= 500) return { id: 'asc.http.5xx', vars: { ...base, detail: f.gaveUp ? `${detail}; ${f.gaveUp}` : detail } };
  const body = f.errors.length ? `: ${detail}` : f.snippet ? ` with a body that is not Apple's error document` : ' with an empty body';
  return { id: 'asc.http.status', vars: { method: f.method, url: f.url, status: f.status, code: first?.code ?? '', body } };
}

export function ascErrorToAsn(err: AscError, ctx: ExplainAscContext = {}): AsnError {
  const { id, vars } = describeAscError(err, ctx);
  const d = diagnostic(id, vars);
  const details = { code: id, message: d.title, ...(d.fix ? { fix: d.fix } : {}), cause: err };
  if (!(err instanceof AscHttpError)) return new CouldNotFinishError(details);
  const status = err.facts.status;
  if (status === 400 || status === 409 || status === 422) return new UsageError(details);
  if (status === 429 || status >= 500) return new CouldNotFinishError(details);
  if (status >= 400) return new ProblemError(details);
  return new CouldNotFinishError(details);
}

/** The look-up failure as a usage error (exit 2): the app cannot be told from what was given. */
export function lookupErrorToAsn(err: AppLookupError): UsageError {
  const f = err.facts;
  const list = (f.candidates ?? []).map((c) => `${c.name ?? '(no name)'} (${c.bundleId ?? '?'}, Apple ID ${c.id})`);
  const vars: DiagnosticVars = {
    bundleId: f.bundleId ?? '',
    appAppleId: f.appAppleId ?? '',
    count: list.length,
    candidates: list.join('; '),
    near: list.length ? `; it matched only ${list.join('; ')}` : '',
    actual: f.candidates?.[0]?.bundleId ?? '?',
  };
  const id: DiagnosticId = `urls.app.${err.problem}`;
  const d = diagnostic(id, vars);
  return new UsageError({ code: id, message: d.title, ...(d.fix ? { fix: d.fix } : {}), cause: err });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
