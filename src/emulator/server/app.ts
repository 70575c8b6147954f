// The emulator's HTTP server. Production lives at the root (http://127.0.0.1:PORT/inApps/v1/...), sandbox
// under /sandbox (http://127.0.0.1:PORT/sandbox/inApps/v1/...): two base URLs, as Apple has two hosts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { EmulatorCore } from '../core.js';
import type { Environment } from '../payloads/ids.js';
import { API_ERRORS } from './api-errors.js';
import { getNotificationHistory, getTestNotificationStatus, requestTestNotification } from './api-routes.js';
import { checkBearer } from './auth.js';
import { handleAsc, isAscPath } from './asc-routes.js';
import { CONTROL_PREFIX, handleControl } from './control-routes.js';
import type { FaultKind } from './faults.js';
import { refuseControl, refuseForeign, type Refusal } from './guard.js';
import { BodyTooLargeError, decodePathSegment, sendApiError, sendEmpty, sendJson, sendUnauthorized } from './http-util.js';
import type { ApiEndpoint } from './rate-limit.js';
import { diagnostic } from '../../report/diagnostics/index.js';
import { OCSP_PATH } from '../ca.js';
import { handleOcsp } from './ocsp-route.js';
import { handleTransactionRoute, matchTransactionRoute } from './transaction-routes.js';

export const SANDBOX_PREFIX = '/sandbox';
const API = '/inApps/v1/notifications';

interface ApiRoute {
  endpoint: ApiEndpoint;
  method: string;
  /** The path's last segment: a test notification token or a transaction ID. */
  token?: string;
}

function matchApi(path: string): ApiRoute | undefined {
  if (path === `${API}/test`) return { endpoint: 'test', method: 'POST' };
  if (path === `${API}/history`) return { endpoint: 'history', method: 'POST' };
  if (path.startsWith(`${API}/test/`)) {
    return { endpoint: 'test-status', method: 'GET', token: decodePathSegment(path.slice(`${API}/test/`.length)) };
  }
  const tx = matchTransactionRoute(path);
  return tx ? { endpoint: tx.endpoint, method: 'GET', token: tx.id } : undefined;
}

/** What the guard needs to let a control request in: the per-run secret and where it is kept. */
export interface ControlAccess {
  secret: string;
  secretPath: string;
}

export function createEmulatorServer(core: EmulatorCore, info: () => Record<string, unknown>, access: ControlAccess): Server {
  const server = createServer((req, res) => {
    handle(core, info, access, req, res).catch(() => {
      if (!res.headersSent) sendApiError(res, API_ERRORS.GeneralInternal);
      else res.destroy();
    });
  });
  return server;
}

async function handle(
  core: EmulatorCore,
  info: () => Record<string, unknown>,
  access: ControlAccess,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const foreign = refuseForeign(req);
  if (foreign) return refuse(core, req, res, foreign);
  const url = parseTarget(req.url);
  const method = req.method ?? 'GET';
  let path = url?.pathname ?? '';
  if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
    const refused = refuseControl(req, access.secret, access.secretPath);
    // Whoever holds credentials for the emulator's API may read its info (the CLI's API commands find
    // its root CA this way, whatever its state folder); a web page holds neither.
    const apiClient = method === 'GET' && path === `${CONTROL_PREFIX}/info` && checkBearer(req.headers.authorization, core.key, Date.now()).ok;
    if (refused && !apiClient) return refuse(core, req, res, refused);
    try {
      return await handleControl(core, info(), method, path, req, res);
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      return refuse(core, req, res, { status: 413, id: 'emulator.guard.too-large', vars: { limit: err.limit } });
    }
  }
  if (!url) {
    req.resume();
    return sendApiError(res, API_ERRORS.GeneralBadRequest);
  }
  if (path === OCSP_PATH) return handleOcsp(core, req, res);
  try {
    if (isAscPath(path) && core.asc) return await handleAsc(core, core.asc, req, res, url, method);
    return await handleApi(core, req, res, url, method, path);
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err;
    // Apple's error shape (the status is the code's first three digits); the rest of the body is dropped.
    return sendApiError(res, API_ERRORS.GeneralBadRequest, { connection: 'close' });
  }
}

function parseTarget(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? '/', 'http://emulator.invalid');
  } catch {
    return undefined;
  }
}

/** A refused request gets JSON naming the problem and the fix; its body is drained, never read. */
function refuse(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, r: Refusal): void {
  req.resume();
  const d = diagnostic(r.id, r.vars);
  core.opts.onRefused?.({ path: req.url ?? '/', status: r.status, reason: d.title });
  sendJson(res, r.status, { error: d.title, ...(d.fix ? { fix: d.fix } : {}) }, { connection: 'close' });
}

async function handleApi(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, url: URL, method: string, path: string): Promise<void> {
  let env: Environment = 'Production';
  if (path.startsWith(`${SANDBOX_PREFIX}/`)) {
    env = 'Sandbox';
    path = path.slice(SANDBOX_PREFIX.length);
  }
  const route = matchApi(path);
  if (!route) return sendEmpty(res, 404);
  if (method !== route.method) return sendEmpty(res, 405);

  const fault = core.faults.take(route.endpoint);
  if (fault) return applyFault(fault, req, res);

  const auth = checkBearer(req.headers.authorization, core.key, Date.now());
  if (!auth.ok) {
    core.opts.onRejected?.({ path: url.pathname, reason: auth.reason });
    return sendUnauthorized(res);
  }
  const retryAt = core.limiter.take(route.endpoint, env, core.key.bundleId, Date.now());
  if (retryAt !== undefined) return sendApiError(res, API_ERRORS.RateLimitExceeded, { 'retry-after': String(retryAt) });

  switch (route.endpoint) {
    case 'test':
      return requestTestNotification(core, env, res);
    case 'test-status':
      return getTestNotificationStatus(core, env, route.token ?? '', res);
    case 'history':
      return getNotificationHistory(core, env, req, url.searchParams.get('paginationToken'), res);
    default:
      return handleTransactionRoute(core, env, { endpoint: route.endpoint, id: route.token ?? '' }, url.searchParams, res);
  }
}

function applyFault(kind: FaultKind, req: IncomingMessage, res: ServerResponse): void {
  switch (kind) {
    case '500':
      return sendApiError(res, API_ERRORS.GeneralInternalRetryable);
    case 'hang':
      // Never answer; the socket closes when the client gives up or the emulator stops.
      req.resume();
      return;
    case 'reset':
      req.socket.resetAndDestroy();
      return;
    case 'malformed-json': {
      const text = '{"testNotificationToken":"8a1c';
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
  }
}

