// Shared helpers for the emulator tests: temporary state folders, API tokens, local receivers.
import { createPrivateKey, sign } from 'node:crypto';
import { signJwt } from '../../src/auth/index.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix = 'asn-emu-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TokenIdentity {
  keyId: string;
  issuerId: string;
  bundleId: string;
  privateKeyPath: string | null;
}

/** An App Store Server API JWT; overrides replace header or claim fields (undefined removes one). */
export function apiToken(
  id: TokenIdentity,
  over: { header?: Record<string, unknown>; claims?: Record<string, unknown>; keyPem?: string; derSignature?: boolean } = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  const header = clean({ alg: 'ES256', kid: id.keyId, typ: 'JWT', ...over.header });
  const claims = clean({ iss: id.issuerId, iat: now, exp: now + 300, aud: 'appstoreconnect-v1', bid: id.bundleId, ...over.claims });
  const key = createPrivateKey(over.keyPem ?? readFileSync(id.privateKeyPath!, 'utf8'));
  if (!over.derSignature) return signJwt(header, claims, key);
  // A DER-encoded ECDSA signature: a common mistake Apple rejects.
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'der' }).toString('base64url')}`;
}

function clean(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function b64(o: unknown): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

export interface Receiver {
  url: string;
  bodies: string[];
  close(): Promise<void>;
}

/** A local notification receiver; `answer` decides each response (200 by default). */
export async function startReceiver(
  answer: (req: IncomingMessage, res: ServerResponse, n: number) => void = (_q, res) => {
    res.writeHead(200);
    res.end();
  },
): Promise<Receiver> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      answer(req, res, bodies.length);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/asn`,
    bodies,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

export function decodePart(jws: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(jws.split('.')[index]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** A request to a running emulator's /_emulator/ control routes, as the CLI sends it: JSON and its secret. */
export function control(
  emu: { baseUrl: string; controlSecret: string },
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Response> {
  return fetch(`${emu.baseUrl}/_emulator/${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'x-emulator-secret': emu.controlSecret, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}
