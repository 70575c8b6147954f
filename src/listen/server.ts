// The local receiver behind `listen`, `demo` and tests: accepts Apple-style POSTs, has each signedPayload
// verified, answers (itself or with the forwarded handler's answer) and reports one event per request.
// It must outlive any sender: bodies are capped, slow senders are timed out, broken HTTP is answered.
import { EventEmitter } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { readBody } from './body.js';
import { RecentEvents } from './recent.js';
import { forwardRequest } from './forward.js';
import { serverCredentials } from './tls.js';
import { diagnostic, type DiagnosticId, type DiagnosticVars } from '../report/diagnostics/index.js';
import { PROBE_HEADER } from '../url/probe-body.js';
import type { ListenEvent, NotificationSummary } from './types.js';

export type Verifier = (signedPayload: string) => Promise<NotificationSummary>;

export interface ListenOptions {
  /** Interface to bind; 127.0.0.1 unless told. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Serve HTTPS with a certificate from the local CA kept in `stateDir`. */
  tls?: boolean;
  stateDir?: string;
  verify: Verifier;
  /** Relay every request here and answer with the handler's answer. */
  forwardTo?: string;
  forwardTimeoutMs?: number;
  /** The status answered when not forwarding (default 200). */
  respondStatus?: number;
  maxBodyBytes?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /**
   * Resolves when the caller can take another event (e.g. its output has drained). No new request body
   * is read until then, so a slow reader of listen's output slows the senders instead of filling memory.
   */
  ready?: () => Promise<void>;
  /** How many recent events `received` keeps (default 100). */
  keepEvents?: number;
  /** How many characters of signedPayload text the kept events may hold together (default 8 MiB). */
  keepBytes?: number;
}

export interface Listener {
  url: string;
  host: string;
  port: number;
  /** PEM file of the local CA, with --tls. */
  caPath?: string;
  caPem?: string;
  /** Emits `event` with each ListenEvent. */
  events: EventEmitter;
  /** The most recent events (a bounded window: see keepEvents, keepBytes), oldest first. */
  readonly received: readonly ListenEvent[];
  /** How many events there have been, including those no longer kept. */
  readonly receivedCount: number;
  /** Resolves with the first event (already received or still to come) that matches. */
  waitFor(match: (e: ListenEvent) => boolean, timeoutMs: number): Promise<ListenEvent>;
  close(): Promise<void>;
}

export const LISTEN_DEFAULTS = {
  host: '127.0.0.1',
  maxBodyBytes: 1024 * 1024,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  forwardTimeoutMs: 10_000,
  respondStatus: 200,
  keepEvents: 100,
  keepBytes: 8 * 1024 * 1024,
} as const;

// Node checks header and request timeouts on this interval (default 30 s, far past our limits).
const CHECK_INTERVAL_MS = 500;

export async function startListener(opts: ListenOptions): Promise<Listener> {
  const host = opts.host ?? LISTEN_DEFAULTS.host;
  const maxBodyBytes = opts.maxBodyBytes ?? LISTEN_DEFAULTS.maxBodyBytes;
  const headersTimeoutMs = opts.headersTimeoutMs ?? LISTEN_DEFAULTS.headersTimeoutMs;
  const bodyTimeoutMs = opts.bodyTimeoutMs ?? LISTEN_DEFAULTS.bodyTimeoutMs;
  const forwardTimeoutMs = opts.forwardTimeoutMs ?? LISTEN_DEFAULTS.forwardTimeoutMs;
  const respondStatus = opts.respondStatus ?? LISTEN_DEFAULTS.respondStatus;

  const events = new EventEmitter();
  events.setMaxListeners(0);
  const recent = new RecentEvents(opts.keepEvents ?? LISTEN_DEFAULTS.keepEvents, opts.keepBytes ?? LISTEN_DEFAULTS.keepBytes);
  const stopForwards = new AbortController();
  let seq = 0;

  type Emitted = Omit<ListenEvent, 'seq' | 'receivedAt' | 'detail' | 'reason'> & { receivedAt?: string; reason?: DiagnosticId; vars?: DiagnosticVars };
  const emit = ({ vars, ...e }: Emitted): void => {
    const ev: ListenEvent = { seq: ++seq, receivedAt: e.receivedAt ?? new Date().toISOString(), ...e } as ListenEvent;
    if (e.reason) ev.detail = diagnostic(e.reason, vars).title;
    recent.add(ev);
    events.emit('event', ev);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const base = {
      receivedAt: new Date().toISOString(),
      method: req.method ?? '?',
      path: req.url ?? '/',
      remoteAddress: req.socket.remoteAddress ?? '?',
      ...(req.headers[PROBE_HEADER] ? { probe: true } : {}),
    };
    if (req.method !== 'POST') {
      answer(res, 405, '', { allow: 'POST' });
      req.resume();
      emit({ ...base, kind: 'wrong-method', status: 405, reason: 'listen.wrong-method', vars: { method: req.method } });
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      answer(res, 413, '', { connection: 'close' });
      emit({ ...base, kind: 'too-large', status: 413, bytes: declared, reason: 'listen.too-large', vars: { limit: maxBodyBytes } });
      return;
    }
    if (opts.ready) await opts.ready();
    const read = await readBody(req, maxBodyBytes, bodyTimeoutMs);
    if (read.kind === 'too-large') {
      answer(res, 413, '', { connection: 'close' });
      emit({ ...base, kind: 'too-large', status: 413, bytes: read.bytes, reason: 'listen.too-large', vars: { limit: maxBodyBytes } });
      return;
    }
    if (read.kind === 'timeout') {
      answer(res, 408, '', { connection: 'close' });
      emit({ ...base, kind: 'body-timeout', status: 408, bytes: read.bytes, reason: 'listen.body-timeout' });
      return;
    }
    if (read.kind === 'aborted') {
      emit({ ...base, kind: 'aborted', bytes: read.bytes, reason: 'listen.aborted' });
      return;
    }
    const body = read.body;
    const signedPayload = signedPayloadOf(body);
    // A signedPayload that is not even a JWS counts as malformed, like a body without one.
    const verifying = signedPayload === undefined
      ? undefined
      : opts.verify(signedPayload).catch(verifierCrashed).then((n) => (n.reason?.startsWith('listen.malformed.') ? undefined : n));

    if (opts.forwardTo) {
      const reply = await forwardRequest(opts.forwardTo, body, req.headers, forwardTimeoutMs, stopForwards.signal);
      const headers: Record<string, string> = reply.contentType ? { 'content-type': reply.contentType } : {};
      answer(res, reply.outcome.answered, reply.body ?? '', headers);
      const notification = verifying ? await verifying : undefined;
      emit({
        ...base,
        kind: notification ? 'notification' : 'malformed',
        status: reply.outcome.answered,
        bytes: body.length,
        ...(signedPayload !== undefined ? { signedPayload } : {}),
        forward: reply.outcome,
        ...(notification ? { notification } : { reason: malformedReason(body) }),
      });
      return;
    }
    const notification = verifying ? await verifying : undefined;
    if (!notification) {
      const reason = malformedReason(body);
      answer(res, 400, '');
      emit({ ...base, kind: 'malformed', status: 400, bytes: body.length, ...(signedPayload !== undefined ? { signedPayload } : {}), reason });
      return;
    }
    answer(res, respondStatus, '');
    emit({ ...base, kind: 'notification', status: respondStatus, bytes: body.length, ...(signedPayload !== undefined ? { signedPayload } : {}), notification });
  };

  let server: Server;
  let caPath: string | undefined;
  let caPem: string | undefined;
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      // The listener must keep going whatever one request did.
      if (!res.headersSent) answer(res, 500, '', { connection: 'close' });
      const message = err instanceof Error ? err.message : String(err);
      emit({ kind: 'bad-http', reason: 'listen.internal', vars: { message } });
    });
  };
  if (opts.tls) {
    if (!opts.stateDir) throw new Error('listen --tls needs a state folder for its CA');
    const creds = await serverCredentials(opts.stateDir, [host]);
    caPath = creds.caPath;
    caPem = creds.caPem;
    const https = createHttpsServer(
      {
        // The leaf alone: the CA is the root, which clients must already hold.
        cert: creds.certPem,
        key: creds.keyPem,
        handshakeTimeout: headersTimeoutMs,
        connectionsCheckingInterval: CHECK_INTERVAL_MS,
      },
      onRequest,
    );
    // Failed handshakes (a client that does not trust the CA, check-url's TLS version probes) are not requests.
    https.on('tlsClientError', (_err, socket) => socket.destroy());
    server = https;
  } else {
    server = createHttpServer({ connectionsCheckingInterval: CHECK_INTERVAL_MS }, onRequest);
  }
  server.headersTimeout = headersTimeoutMs;
  server.requestTimeout = headersTimeoutMs + bodyTimeoutMs + 1000;
  server.keepAliveTimeout = 5000;
  // A connection that never sends a byte is closed too; later than the checks above, which answer 408.
  server.setTimeout(server.requestTimeout + 2 * CHECK_INTERVAL_MS, (socket: Socket) => socket.destroy());
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    // TLS failures (check-url's TLS 1.0/1.1 probes, untrusting clients) are not requests either.
    // HPE_INVALID_EOF_STATE: the sender closed mid-request (after our 408, or an abort already reported).
    const reset = err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === 'HPE_INVALID_EOF_STATE' || /^ERR_(SSL|TLS)_/.test(err.code ?? '');
    if (socket.writable && !reset) {
      socket.end(
        timedOut
          ? 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'
          : 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      );
    } else {
      socket.destroy();
    }
    if (reset) return; // a sender closing an idle or half-sent connection is not worth a line
    emit({
      kind: timedOut ? 'body-timeout' : 'bad-http',
      remoteAddress: socket.remoteAddress ?? '?',
      status: timedOut ? 408 : 400,
      reason: timedOut ? 'listen.body-timeout' : 'listen.bad-http',
      vars: { code: err.code ?? err.message },
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: opts.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `${opts.tls ? 'https' : 'http'}://${urlHost}:${port}/`;

  let closing: Promise<void> | undefined;
  const listener: Listener = {
    url,
    host,
    port,
    events,
    get received() {
      return recent.list;
    },
    get receivedCount() {
      return recent.total;
    },
    waitFor(match, timeoutMs) {
      const found = recent.list.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const onEvent = (e: ListenEvent) => {
          if (!match(e)) return;
          clearTimeout(timer);
          events.off('event', onEvent);
          resolve(e);
        };
        const timer = setTimeout(() => {
          events.off('event', onEvent);
          reject(new Error(`no matching request arrived within ${timeoutMs} ms`));
        }, timeoutMs);
        timer.unref();
        events.on('event', onEvent);
      });
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        stopForwards.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
  if (caPath) listener.caPath = caPath;
  if (caPem) listener.caPem = caPem;
  return listener;
}

function answer(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** The signedPayload of an App Store Server Notifications V2 body, if the body is one. */
export function signedPayloadOf(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const sp = (parsed as { signedPayload?: unknown }).signedPayload;
      if (typeof sp === 'string' && sp.length > 0) return sp;
    }
  } catch {
    // Not JSON: reported as malformed.
  }
  return undefined;
}

function malformedReason(body: Buffer): DiagnosticId {
  if (body.length === 0) return 'listen.malformed.empty';
  if (signedPayloadOf(body) !== undefined) return 'listen.malformed.not-jws';
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && 'notification_type' in parsed) return 'listen.malformed.v1';
    return 'listen.malformed.no-signed-payload';
  } catch {
    return 'listen.malformed.not-json';
  }
}

function verifierCrashed(err: unknown): NotificationSummary {
  const message = err instanceof Error ? err.message : String(err);
  return { verified: false, appleRoot: false, reason: 'listen.verify.crashed', reasonText: diagnostic('listen.verify.crashed', { message }).title };
}
