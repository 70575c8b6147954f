// Shared pieces for the replay tests: notifications signed by the emulator's CA with chosen signedDates,
// saved streams of them, and a handler that records each body in the order it arrived.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createSigner } from '../../src/emulator/signer.js';
import { loadState, type EmulatorState } from '../../src/emulator/state.js';

export interface Signed {
  uuid: string;
  signedDate: number;
  signedPayload: string;
  type: string;
}

export interface Notary {
  state: EmulatorState;
  sign(opts?: { signedDate?: number; type?: string; subtype?: string; uuid?: string }): Signed;
}

export async function notary(dir: string): Promise<Notary> {
  const state = await loadState(join(dir, 'emulator'));
  const signer = createSigner(state);
  return {
    state,
    sign: (opts = {}) => {
      const uuid = opts.uuid ?? randomUUID();
      const signedDate = opts.signedDate ?? Date.now();
      const type = opts.type ?? 'DID_RENEW';
      const payload = {
        notificationType: type,
        ...(opts.subtype ? { subtype: opts.subtype } : {}),
        notificationUUID: uuid,
        data: { bundleId: state.identity.bundleId, environment: 'Sandbox' },
        version: '2.0',
        signedDate,
      };
      return { uuid, signedDate, type, signedPayload: signer.sign(payload) };
    },
  };
}

/** Lines as `history --json` writes them: one notification record each, then the summary. */
export function historyLines(items: Signed[]): string[] {
  return [
    ...items.map((s) => JSON.stringify({ kind: 'notification', ok: false, notificationType: s.type, notificationUUID: s.uuid, signedDate: s.signedDate, lastSendAttemptResult: 'SOCKET_ISSUE', attemptCount: 1, signedPayload: s.signedPayload })),
    JSON.stringify({ kind: 'summary', ok: false, count: items.length }),
  ];
}

export function writeLines(file: string, lines: string[]): string {
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

export interface Handler {
  url: string;
  /** Each body as it arrived, in arrival order. */
  bodies: string[];
  /** The most requests open at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

/**
 * A local handler. `answer(n, res)` answers the n-th request (from 1); by default 200 at once. Returning
 * without answering leaves the request hanging (a handler that never answers).
 */
export async function handler(answer: (n: number, res: ServerResponse, req: IncomingMessage) => void = (_n, res) => res.writeHead(200).end()): Promise<Handler> {
  const h: Handler = { url: '', bodies: [], maxInFlight: 0, close: async () => undefined };
  let open = 0;
  const server = createServer((req, res) => {
    open += 1;
    h.maxInFlight = Math.max(h.maxInFlight, open);
    res.on('close', () => (open -= 1));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      h.bodies.push(Buffer.concat(chunks).toString('utf8'));
      answer(h.bodies.length, res, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  h.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/asn`;
  h.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return h;
}

/** The notificationUUID in a body `{"signedPayload": …}`. */
export function uuidOf(body: string): string {
  const jws = (JSON.parse(body) as { signedPayload: string }).signedPayload;
  return (JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as { notificationUUID: string }).notificationUUID;
}
