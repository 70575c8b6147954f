// The emulator's App Store Connect API, under http://127.0.0.1:PORT/asc (Apple's base is
// https://api.appstoreconnect.apple.com): GET /v1/apps (filter[bundleId], fields[apps], limit),
// GET /v1/apps/{id} and PATCH /v1/apps/{id} with the four notification URL attributes
// (docs/apple/delivery.md#app-store-connect-api-apps-resource). Answers in JSON:API, errors in Apple's
// `{"errors":[{id,status,code,title,detail,source}]}`, with X-Rate-Limit on every answer.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkUrlRules } from '../../url/rules.js';
import { isLoopbackHost } from '../../util/net.js';
import type { AppUrls, AscEmulator, EmulatedApp, UrlVersion } from '../asc-apps.js';
import type { EmulatorCore } from '../core.js';
import { checkAscBearer } from './asc-auth.js';
import { decodePathSegment, readBody } from './http-util.js';

export const ASC_PREFIX = '/asc';
const APPS = '/v1/apps';

const ATTRIBUTES = {
  subscriptionStatusUrl: ['production', 'url'],
  subscriptionStatusUrlVersion: ['production', 'version'],
  subscriptionStatusUrlForSandbox: ['sandbox', 'url'],
  subscriptionStatusUrlVersionForSandbox: ['sandbox', 'version'],
} as const;
type UrlAttribute = keyof typeof ATTRIBUTES;
/** Other attributes AppUpdateRequest takes; accepted and left as they are. */
const OTHER_WRITABLE = new Set(['bundleId', 'primaryLocale', 'contentRightsDeclaration', 'streamlinedPurchasingEnabled']);
const READABLE = new Set(['name', 'bundleId', 'sku', 'primaryLocale', ...Object.keys(ATTRIBUTES)]);

interface AscErrorBody {
  status: number;
  code: string;
  title: string;
  detail: string;
  source?: { pointer?: string; parameter?: string };
}

/** Apple's wording for the errors the emulator answers with (as Apple sends them, seen in the wild). */
const ERRORS = {
  notAuthorized: (): AscErrorBody => ({
    status: 401,
    code: 'NOT_AUTHORIZED',
    title: 'Authentication credentials are missing or invalid.',
    detail: 'Provide a properly configured and signed bearer token, and make sure that it has not expired. Learn more about Generating Tokens for API Requests https://developer.apple.com/go/?id=api-generating-tokens',
  }),
  forbidden: (): AscErrorBody => ({ status: 403, code: 'FORBIDDEN_ERROR', title: 'This request is forbidden for security reasons', detail: 'The API key in use does not allow this request' }),
  notFound: (detail: string): AscErrorBody => ({ status: 404, code: 'NOT_FOUND', title: 'The specified resource does not exist', detail }),
  methodNotAllowed: (method: string): AscErrorBody => ({ status: 405, code: 'METHOD_NOT_ALLOWED', title: 'The request method is not valid for the resource path.', detail: `The request method '${method}' is not allowed for this resource.` }),
  parameter: (parameter: string, detail: string): AscErrorBody => ({ status: 400, code: 'PARAMETER_ERROR.INVALID', title: 'A parameter has an invalid value', detail, source: { parameter } }),
  entity: (code: string, pointer: string, detail: string): AscErrorBody => ({ status: 409, code, title: 'The provided entity includes an attribute with an invalid value', detail, source: { pointer } }),
  badJson: (): AscErrorBody => ({ status: 422, code: 'ENTITY_UNPROCESSABLE', title: 'The request entity is not valid.', detail: 'The request body is not valid JSON.' }),
  rateLimit: (): AscErrorBody => ({ status: 429, code: 'RATE_LIMIT_EXCEEDED', title: 'The request rate limit has been reached.', detail: "We've received too many requests for this API. Please wait and try again or slow down your request rate." }),
  internal: (): AscErrorBody => ({ status: 500, code: 'UNEXPECTED_ERROR', title: 'An unexpected error occurred.', detail: 'An unexpected error occurred on the server side. If this issue continues, contact us at https://developer.apple.com/contact/.' }),
};

export function isAscPath(path: string): boolean {
  return path === ASC_PREFIX || path.startsWith(`${ASC_PREFIX}/`);
}

export async function handleAsc(core: EmulatorCore, asc: AscEmulator, req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<void> {
  const path = url.pathname.slice(ASC_PREFIX.length);
  const now = Date.now();
  const auth = checkAscBearer(req.headers.authorization, asc.key, core.key.keyId, now);
  if (!auth.ok) {
    req.resume();
    core.opts.onRejected?.({ path: url.pathname, reason: auth.reason });
    return sendError(res, ERRORS.notAuthorized());
  }
  const quota = asc.count(now);
  const rateHeader = { 'x-rate-limit': `user-hour-lim:${asc.hourlyLimit};user-hour-rem:${quota?.remaining ?? 0};` };
  if (!quota) {
    req.resume();
    return sendError(res, ERRORS.rateLimit(), rateHeader);
  }
  if (path === APPS) {
    if (method !== 'GET') return refuseMethod(req, res, method, rateHeader);
    return listApps(asc, url, res, rateHeader);
  }
  const m = /^\/v1\/apps\/([^/]+)$/.exec(path);
  if (!m) {
    req.resume();
    return sendError(res, ERRORS.notFound('The path provided does not match a defined resource type.'), rateHeader);
  }
  const id = decodePathSegment(m[1]!);
  const app = asc.apps.find((a) => a.id === id);
  if (method === 'GET') {
    if (takeFault(asc, 'get', req, res)) return;
    if (!app) return sendError(res, ERRORS.notFound(`There is no resource of type 'apps' with id '${id}'`), rateHeader);
    const fields = sparseFields(url);
    if ('error' in fields) return sendError(res, fields.error, rateHeader);
    return sendDocument(res, 200, { data: resource(asc, app, fields.set, url), links: { self: url.href } }, rateHeader);
  }
  if (method !== 'PATCH') return refuseMethod(req, res, method, rateHeader);
  return patchApp(asc, app, id, req, res, url, rateHeader);
}

function listApps(asc: AscEmulator, url: URL, res: ServerResponse, headers: Record<string, string>): void {
  const fields = sparseFields(url);
  if ('error' in fields) return sendError(res, fields.error, headers);
  const limitText = url.searchParams.get('limit');
  const limit = limitText === null ? 50 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) return sendError(res, ERRORS.parameter('limit', `'${limitText}' is not a valid value for limit: use 1 to 200.`), headers);
  const bundleFilter = url.searchParams.get('filter[bundleId]');
  // As Apple's: a bundle ID filter also matches longer bundle IDs that start with it (an app's widget).
  const wanted = bundleFilter === null ? undefined : bundleFilter.split(',');
  const matching = asc.apps.filter((a) => !wanted || wanted.some((w) => a.bundleId.startsWith(w)));
  const data = matching.slice(0, limit).map((a) => resource(asc, a, fields.set, url));
  sendDocument(res, 200, { data, links: { self: url.href }, meta: { paging: { total: matching.length, limit } } }, headers);
}

async function patchApp(
  asc: AscEmulator,
  app: EmulatedApp | undefined,
  id: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  headers: Record<string, string>,
): Promise<void> {
  const fault = asc.takeFault('patch');
  if (fault === 'reset' || fault === 'hang' || fault === '500') return applyFault(fault, req, res);
  if (!app) {
    req.resume();
    return sendError(res, ERRORS.notFound(`There is no resource of type 'apps' with id '${id}'`), headers);
  }
  // The key's role is checked before the body is read: a read-only key changes nothing, whatever it sends.
  if (asc.readOnly) {
    req.resume();
    return sendError(res, ERRORS.forbidden(), headers);
  }
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch {
    return sendError(res, ERRORS.badJson(), headers);
  }
  const parsed = readUpdate(body, id, asc.urlsOf(app));
  if ('error' in parsed) return sendError(res, parsed.error, headers);
  asc.setUrls(app, parsed.urls);
  if (fault === 'reset-after') {
    // The change is made; the answer is lost on the way back.
    req.socket.resetAndDestroy();
    return;
  }
  sendDocument(res, 200, { data: resource(asc, app, undefined, url), links: { self: url.href } }, headers);
}

/** An AppUpdateRequest: `{data: {type: "apps", id, attributes}}`, each URL attribute checked as Apple would. */
function readUpdate(body: unknown, id: string, current: AppUrls): { urls: AppUrls } | { error: AscErrorBody } {
  const data = (body as { data?: unknown } | null)?.data as { type?: unknown; id?: unknown; attributes?: unknown } | undefined;
  if (!data || typeof data !== 'object') return { error: ERRORS.entity('ENTITY_ERROR.ATTRIBUTE.REQUIRED', '/data', 'The request body has no data object.') };
  if (data.type !== 'apps') return { error: ERRORS.entity('ENTITY_ERROR.ATTRIBUTE.INVALID', '/data/type', `The type '${String(data.type)}' is not valid here; expected 'apps'.`) };
  if (data.id !== id) return { error: ERRORS.entity('ENTITY_ERROR.ATTRIBUTE.INVALID', '/data/id', `The id '${String(data.id)}' does not match the id in the path '${id}'.`) };
  const attributes = (data.attributes ?? {}) as Record<string, unknown>;
  if (typeof attributes !== 'object' || Array.isArray(attributes)) return { error: ERRORS.entity('ENTITY_ERROR.ATTRIBUTE.INVALID', '/data/attributes', 'attributes must be an object.') };
  const urls: AppUrls = { production: { ...current.production }, sandbox: { ...current.sandbox } };
  for (const [name, value] of Object.entries(attributes)) {
    const pointer = `/data/attributes/${name}`;
    if (OTHER_WRITABLE.has(name)) continue;
    if (!(name in ATTRIBUTES)) return { error: ERRORS.entity('ENTITY_ERROR.ATTRIBUTE.UNKNOWN', pointer, `The attribute '${name}' can not be included in a 'UPDATE' request.`) };
    const [env, field] = ATTRIBUTES[name as UrlAttribute];
    if (field === 'version') {
      if (value !== null && value !== 'V1' && value !== 'V2') return { error: ERRORS.entity('ENTITY_ERROR.ATTRIBUTE.INVALID', pointer, `'${String(value)}' is not a valid value: use V1 or V2.`) };
      urls[env].version = value as UrlVersion | null;
      continue;
    }
    if (value !== null && (typeof value !== 'string' || !deliverable(value))) {
      return { error: ERRORS.entity('ENTITY_ERROR.ATTRIBUTE.INVALID', pointer, `'${String(value).slice(0, 200)}' is not a valid notification URL: use https, port 443 or 1024 and above.`) };
    }
    urls[env].url = value as string | null;
  }
  return { urls };
}

/**
 * A URL Apple would take: https, port 443 or from 1024, no credentials. For local rehearsal the
 * emulator also takes plain http on a loopback host, as its own delivery does (Apple never would).
 */
function deliverable(value: string): boolean {
  const rules = checkUrlRules(value);
  const target = rules.target;
  if (!target) return false;
  const fails = rules.checks.filter((c) => c.status === 'fail').map((c) => c.id);
  const localHttp = (id: string) => (id === 'url.scheme.http' || id === 'url.special-name') && isLoopbackHost(target.host);
  return fails.every(localHttp) && (target.url.protocol === 'https:' || isLoopbackHost(target.host));
}

function resource(asc: AscEmulator, app: EmulatedApp, fields: Set<string> | undefined, url: URL): Record<string, unknown> {
  const urls = asc.urlsOf(app);
  const all: Record<string, unknown> = { name: app.name, bundleId: app.bundleId, sku: `SKU${app.id}`, primaryLocale: 'en-US' };
  // An unset URL is left out of the answer, as Apple may do: readers must treat absent as unset.
  for (const [name, [env, field]] of Object.entries(ATTRIBUTES)) {
    const value = urls[env][field];
    if (value !== null) all[name] = value;
  }
  const attributes = fields ? Object.fromEntries(Object.entries(all).filter(([k]) => fields.has(k))) : all;
  return { type: 'apps', id: app.id, attributes, links: { self: `${url.origin}${ASC_PREFIX}${APPS}/${app.id}` } };
}

function sparseFields(url: URL): { set: Set<string> | undefined } | { error: AscErrorBody } {
  const text = url.searchParams.get('fields[apps]');
  if (text === null) return { set: undefined };
  const names = text.split(',').filter(Boolean);
  const unknown = names.find((n) => !READABLE.has(n));
  if (unknown !== undefined) return { error: ERRORS.parameter('fields[apps]', `'${unknown}' is not a valid field name`) };
  return { set: new Set(names) };
}

function takeFault(asc: AscEmulator, target: 'get', req: IncomingMessage, res: ServerResponse): boolean {
  const fault = asc.takeFault(target);
  if (!fault) return false;
  applyFault(fault === 'reset-after' ? 'reset' : fault, req, res);
  return true;
}

function applyFault(kind: 'reset' | 'hang' | '500', req: IncomingMessage, res: ServerResponse): void {
  if (kind === '500') {
    req.resume();
    return sendError(res, ERRORS.internal());
  }
  if (kind === 'hang') {
    req.resume();
    return;
  }
  req.socket.resetAndDestroy();
}

function refuseMethod(req: IncomingMessage, res: ServerResponse, method: string, headers: Record<string, string>): void {
  req.resume();
  sendError(res, ERRORS.methodNotAllowed(method), headers);
}

function sendError(res: ServerResponse, e: AscErrorBody, headers: Record<string, string> = {}): void {
  const { status, ...rest } = e;
  sendDocument(res, status, { errors: [{ id: randomUUID(), status: String(status), ...rest }] }, headers);
}

function sendDocument(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
