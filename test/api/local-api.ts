// A scripted stand-in for the App Store Server API on 127.0.0.1 (port 0): each request takes the next
// scripted answer; every request is recorded. For client-level tests; the e2e tests use the emulator.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** Date.now() when the request had arrived in full. */
  at: number;
}

export type Answer =
  | { status: number; json?: unknown; text?: string; headers?: Record<string, string> }
  | 'hang'
  | 'reset';

export interface LocalApi {
  url: string;
  requests: Recorded[];
  /** Answers are taken in order; the last one repeats. */
  script(answers: Answer[] | ((req: Recorded, index: number) => Answer)): void;
  close(): Promise<void>;
}

export async function startLocalApi(): Promise<LocalApi> {
  const requests: Recorded[] = [];
  let next: (req: Recorded, index: number) => Answer = () => ({ status: 404, json: {} });
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      requests.push(rec);
      const answer = next(rec, requests.length - 1);
      if (answer === 'hang') return;
      if (answer === 'reset') {
        req.socket.destroy();
        return;
      }
      const body = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.text ?? '');
      res.writeHead(answer.status, {
        ...(answer.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...answer.headers,
      });
      res.end(body);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(answers) {
      if (typeof answers === 'function') next = answers;
      else next = (_req, i) => answers[Math.min(i, answers.length - 1)]!;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
