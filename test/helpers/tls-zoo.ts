// A reusable factory of (mis)configured local HTTPS servers on 127.0.0.1, port 0, with certificates
// issued at test time by src/pki/issue.ts. check-url's tests use it; the emulator, listen and doctor
// tests may too. Every server is closed by `close()`.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { issueCertificate, KeyUsage, type HashName, type Issued, type KeySpec } from '../../src/pki/issue.js';

export const ZOO_HOST = 'notify.example.test';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const DAY = 24 * 60 * 60 * 1000;

export interface ZooPki {
  host: string;
  root: Issued;
  intermediate: Issued;
  /** The root as PEM: pass it as --ca / `ca`. */
  caPem: string;
}

export async function createZooPki(host = ZOO_HOST): Promise<ZooPki> {
  const now = Date.now();
  const root = await issueCertificate({
    subject: 'CN=asn-doctor Test Root CA, O=asn-doctor tests',
    ca: true,
    keyUsage: KeyUsage.keyCertSign | KeyUsage.cRLSign,
    notBefore: new Date(now - 30 * DAY),
    notAfter: new Date(now + 3650 * DAY),
  });
  const intermediate = await issueCertificate({
    subject: 'CN=asn-doctor Test Intermediate CA, O=asn-doctor tests',
    issuer: root,
    ca: { pathLength: 0 },
    keyUsage: KeyUsage.keyCertSign | KeyUsage.cRLSign,
    notBefore: new Date(now - 30 * DAY),
    notAfter: new Date(now + 1825 * DAY),
  });
  return { host, root, intermediate, caPem: pem(root.certPem) };
}

export interface LeafOptions {
  /** DNS names in subjectAltName (default: the PKI host and localhost); [] for none. */
  dns?: string[];
  ip?: string[];
  cn?: string;
  /** Days relative to now. */
  notBeforeDays?: number;
  notAfterDays?: number;
  key?: KeySpec;
  signatureHash?: HashName;
  extKeyUsage?: string[];
  selfSigned?: boolean;
  /** Send only the leaf (missing intermediate). */
  leafOnly?: boolean;
  /** Issue straight from the root (as `listen --tls` does): one certificate sent is then a full chain. */
  fromRoot?: boolean;
}

export interface ServerCredentials {
  cert: string;
  key: string;
}

export async function issueLeaf(pki: ZooPki, o: LeafOptions = {}): Promise<ServerCredentials> {
  const now = Date.now();
  const leaf = await issueCertificate({
    subject: `CN=${o.cn ?? pki.host}`,
    ...(o.selfSigned ? {} : { issuer: o.fromRoot ? pki.root : pki.intermediate }),
    ca: false,
    keyUsage: KeyUsage.digitalSignature | KeyUsage.keyEncipherment,
    extKeyUsage: o.extKeyUsage ?? [SERVER_AUTH],
    san: { dns: o.dns ?? [pki.host, 'localhost'], ip: o.ip ?? ['127.0.0.1'] },
    notBefore: new Date(now + (o.notBeforeDays ?? -1) * DAY),
    notAfter: new Date(now + (o.notAfterDays ?? 90) * DAY),
    keys: o.key ?? { kind: 'ec', curve: 'P-256' },
    ...(o.signatureHash ? { signatureHash: o.signatureHash } : {}),
  });
  const chain = o.selfSigned || o.leafOnly || o.fromRoot ? pem(leaf.certPem) : pem(leaf.certPem) + pem(pki.intermediate.certPem);
  return { cert: chain, key: leaf.keyPem };
}

function pem(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

export interface ZooServer {
  port: number;
  /** `https://<host>:<port><path>` */
  url: string;
  /** For --resolve / CheckUrlOptions.resolve. */
  resolve: { host: string; port: number; address: string };
  resolveArg: string;
  close(): Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

function serverInfo(server: net.Server, host: string, path: string, sockets: Set<net.Socket>): ZooServer {
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `https://${host}:${port}${path}`,
    resolve: { host, port, address: '127.0.0.1' },
    resolveArg: `${host}:${port}:127.0.0.1`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function listen(server: net.Server, sockets: Set<net.Socket>): Promise<void> {
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  server.on('tlsClientError', () => undefined);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
}

export interface HttpsServerOptions {
  creds: ServerCredentials;
  handler?: Handler;
  tls?: Partial<tls.TlsOptions>;
  host?: string;
  path?: string;
}

/** An HTTPS server; the default handler drains the body and answers 200 with an empty JSON body. */
export async function startHttpsServer(o: HttpsServerOptions): Promise<ZooServer> {
  const sockets = new Set<net.Socket>();
  const server = https.createServer({ ...o.creds, ...o.tls }, o.handler ?? handlers.ok());
  await listen(server, sockets);
  return serverInfo(server, o.host ?? ZOO_HOST, o.path ?? '/asn', sockets);
}

/** A TLS server that hands each decrypted socket to `onSocket` (for non-HTTP answers). */
export async function startTlsServer(o: { creds: ServerCredentials; onSocket: (s: tls.TLSSocket) => void; host?: string; path?: string }): Promise<ZooServer> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ ...o.creds }, (s) => {
    s.on('error', () => undefined);
    o.onSocket(s);
  });
  await listen(server, sockets);
  return serverInfo(server, o.host ?? ZOO_HOST, o.path ?? '/asn', sockets);
}

/** A plain-HTTP server (for "plain HTTP on the TLS port"). */
export async function startPlainHttpServer(o: { host?: string; path?: string; handler?: Handler } = {}): Promise<ZooServer> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer(o.handler ?? handlers.ok());
  await listen(server, sockets);
  return serverInfo(server, o.host ?? ZOO_HOST, o.path ?? '/asn', sockets);
}

/** A TCP server that accepts and does something raw with the socket (e.g. close it at once). */
export async function startTcpServer(onSocket: (s: net.Socket) => void, o: { host?: string; path?: string } = {}): Promise<ZooServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer(onSocket);
  await listen(server, sockets);
  return serverInfo(server, o.host ?? ZOO_HOST, o.path ?? '/asn', sockets);
}

/** A port on which nothing listens (bound, then closed). */
export async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function drain(req: http.IncomingMessage, then: (bytes: number) => void): void {
  let bytes = 0;
  req.on('data', (c: Buffer) => (bytes += c.length));
  req.on('end', () => then(bytes));
  req.on('error', () => undefined);
}

/** Request handlers for the common misconfigurations. */
export const handlers = {
  ok: (status = 200, headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' }, body = '{}'): Handler =>
    (req, res) => drain(req, () => res.writeHead(status, headers).end(body)),
  status: (status: number, headers: Record<string, string> = {}, body = ''): Handler =>
    (req, res) => drain(req, () => res.writeHead(status, headers).end(body)),
  /** Answers after `ms` milliseconds. */
  delayed: (ms: number, inner: Handler = handlers.ok()): Handler => (req, res) => {
    const t = setTimeout(() => inner(req, res), ms);
    res.on('close', () => clearTimeout(t));
  },
  /** Redirects every path except `location` itself, which answers 200. */
  redirect: (status: number, location: string): Handler => (req, res) =>
    drain(req, () => (req.url === location ? res.writeHead(200).end() : res.writeHead(status, { location }).end())),
  /** /a → /b → /a … */
  loop: (): Handler => (req, res) =>
    drain(req, () => res.writeHead(302, { location: req.url?.startsWith('/b') ? '/a' : '/b' }).end()),
  /** 413 above `limit` bytes, 200 below. */
  bodyLimit: (limit: number): Handler => (req, res) => drain(req, (bytes) => res.writeHead(bytes > limit ? 413 : 200).end()),
  /** Reads the request, then destroys the socket without a response. */
  closeWithoutAnswer: (): Handler => (req, res) => drain(req, () => res.socket?.destroy()),
  /** Promises 100 bytes, sends 10, closes. */
  closeMidResponse: (): Handler => (req, res) =>
    drain(req, () => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('0123456789');
      setTimeout(() => res.socket?.destroy(), 20);
    }),
  /** `browser` for User-Agents matching `ua`, `other` for the rest (tunnel interstitials). */
  byUserAgent: (ua: RegExp, browser: Handler, other: Handler): Handler => (req, res) =>
    (ua.test(req.headers['user-agent'] ?? '') ? browser : other)(req, res),
  basicAuth: (): Handler => (req, res) => drain(req, () => res.writeHead(401, { 'www-authenticate': 'Basic realm="staging"' }).end('Unauthorized')),
  cloudflareChallenge: (): Handler => (req, res) =>
    drain(req, () =>
      res
        .writeHead(403, { server: 'cloudflare', 'cf-ray': '8f1e2d3c4b5a6978-AMS', 'cf-mitigated': 'challenge', 'content-type': 'text/html; charset=UTF-8' })
        .end('<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script></body></html>'),
    ),
};
