// Keeps web pages out. The emulator listens on loopback, but a page in the user's browser can still
// reach loopback: by a cross-site form or fetch (CSRF: make it sign and send notifications), or by DNS
// rebinding (its own host name re-pointed at 127.0.0.1, to read /_emulator/info). So every request must
// be addressed to a loopback name (Host), must not come from another origin (Origin, Sec-Fetch-Site),
// and the control routes need JSON bodies and the per-run secret that only this machine's files hold.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { DiagnosticId, DiagnosticVars } from '../../report/diagnostics/index.js';

export const CONTROL_SECRET_HEADER = 'x-emulator-secret';

const LOOPBACK_NAMES = new Set(['127.0.0.1', '[::1]', 'localhost']);

export interface Refusal {
  status: number;
  /** Diagnostics id of the message. */
  id: DiagnosticId;
  vars: DiagnosticVars;
}

/** Refuses a request not addressed to this machine by name, or sent by a web page from another origin. */
export function refuseForeign(req: IncomingMessage): Refusal | undefined {
  const port = req.socket.localPort;
  const host = req.headers.host ?? '';
  if (!isOwnHost(host, port)) return { status: 403, id: 'emulator.guard.host', vars: { host: host || '(none)' } };
  const origin = req.headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, port)) {
    return { status: 403, id: 'emulator.guard.cross-origin', vars: { why: `Origin ${origin}` } };
  }
  const site = header(req, 'sec-fetch-site');
  // same-site still means another origin (another port of localhost, say); none is the user typing a URL.
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { status: 403, id: 'emulator.guard.cross-origin', vars: { why: `Sec-Fetch-Site ${site}` } };
  }
  return undefined;
}

/**
 * Refuses a control request that is not JSON (a browser form can send urlencoded, multipart and
 * text/plain bodies without asking first) or lacks the per-run secret.
 */
export function refuseControl(req: IncomingMessage, secret: string, secretPath: string): Refusal | undefined {
  if (req.method === 'POST' || req.method === 'PUT') {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return { status: 415, id: 'emulator.guard.not-json', vars: { contentType: type || 'no Content-Type' } };
  }
  const given = header(req, CONTROL_SECRET_HEADER);
  if (given === undefined || given === '') return { status: 401, id: 'emulator.guard.no-secret', vars: { path: secretPath } };
  if (!sameSecret(given, secret)) return { status: 403, id: 'emulator.guard.bad-secret', vars: { path: secretPath } };
  return undefined;
}

function isOwnHost(host: string, port: number | undefined): boolean {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host.toLowerCase());
  if (!m || !LOOPBACK_NAMES.has(m[1]!)) return false;
  // Without a port the client means 80; that is only this server when it listens there.
  return Number(m[2] ?? 80) === port;
}

function isOwnOrigin(origin: string, port: number | undefined): boolean {
  const m = /^http:\/\/(.+)$/i.exec(origin);
  return m !== null && isOwnHost(m[1]!, port);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Constant-time comparison of two secrets of any length. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
