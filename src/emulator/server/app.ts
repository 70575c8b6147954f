// The emulator's HTTP server. Production lives at the root (http://127.0.0.1:PORT/inApps/v1/...), sandbox
// under /sandbox (http://127.0.0.1:PORT/sandbox/inApps/v1/...): two base URLs, as Apple has two hosts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { EmulatorCore } from '../core.js';
import type { Environment } from '../payloads/ids.js';
import { API_ERRORS } from './api-errors.js';
import { getNotificationHistory, getTestNotificationStatus, requestTestNotification } from './api-routes.js';
import { checkBearer } from './auth.js';
import { CONTROL_PREFIX, handleControl } from './control-routes.js';
import type { FaultKind } from './faults.js';
import { sendApiError, sendEmpty, sendUnauthorized } from './http-util.js';
import type { ApiEndpoint } from './rate-limit.js';

export const SANDBOX_PREFIX = '/sandbox';
const API = '/inApps/v1/notifications';

interface ApiRoute {
  endpoint: ApiEndpoint;
  method: string;
  token?: string;
}

function matchApi(path: string): ApiRoute | undefined {
  if (path === `${API}/test`) return { endpoint: 'test', method: 'POST' };
  if (path === `${API}/history`) return { endpoint: 'history', method: 'POST' };
  if (path.startsWith(`${API}/test/`)) {
    return { endpoint: 'test-status', method: 'GET', token: decodeURIComponent(path.slice(`${API}/test/`.length)) };
  }
  return undefined;
}

export function createEmulatorServer(core: EmulatorCore, info: () => Record<string, unknown>): Server {
  const server = createServer((req, res) => {
    handle(core, info, req, res).catch(() => {
      if (!res.headersSent) sendApiError(res, API_ERRORS.GeneralInternal);
      else res.destroy();
    });
  });
  return server;
}

async function handle(
  core: EmulatorCore,
  info: () => Record<string, unknown>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const method = req.method ?? 'GET';
  let path = url.pathname;
  if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
    return handleControl(core, info(), method, path, req, res);
  }
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

