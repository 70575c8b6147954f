// Servers that never finish an answer, written at the socket level so nothing in Node's HTTP server
// tidies them up: one body byte a second, endless chunks, endless 103 Early Hints, silence after the
// headers, or a body that never ends at full speed. Each behaviour reads the request head first, then
// misbehaves until the client goes away. Plain TCP here; TLS through tls-zoo's startTlsServer.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export type Hostility = 'drip' | 'endless-chunks' | 'early-hints' | 'stall-after-headers' | 'flood';

export const HOSTILITIES: readonly Hostility[] = ['drip', 'endless-chunks', 'early-hints', 'stall-after-headers'];

/** Waits for the request head, then answers the way `kind` says. */
export function misbehave(kind: Hostility): (socket: net.Socket) => void {
  return (socket) => {
    socket.on('error', () => undefined);
    let head = '';
    const onData = (d: Buffer) => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      socket.resume(); // read (and drop) whatever body the client sends
      start(kind, socket);
    };
    socket.on('data', onData);
  };
}

function every(socket: net.Socket, ms: number, write: () => void): void {
  const timer = setInterval(() => {
    if (socket.destroyed || socket.writableEnded) return clearInterval(timer);
    write();
  }, ms);
  socket.on('close', () => clearInterval(timer));
}

function start(kind: Hostility, socket: net.Socket): void {
  switch (kind) {
    case 'drip':
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{');
      every(socket, 1000, () => socket.write(' '));
      return;
    case 'endless-chunks':
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n');
      every(socket, 50, () => socket.write('1\r\nx\r\n'));
      return;
    case 'early-hints':
      every(socket, 50, () => socket.write('HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload\r\n\r\n'));
      return;
    case 'stall-after-headers':
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n');
      return;
    case 'flood': {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n');
      const chunk = `10000\r\n${'x'.repeat(0x10000)}\r\n`;
      const pump = () => {
        while (!socket.destroyed && socket.write(chunk));
      };
      socket.on('drain', pump);
      pump();
      return;
    }
  }
}

export interface RawServer {
  port: number;
  url: string;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** A plain-HTTP server on 127.0.0.1 whose every connection gets `onSocket`. */
export async function startRawServer(onSocket: (s: net.Socket) => void): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer((s) => {
    count += 1;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    onSocket(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Milliseconds `fn` took, with its outcome. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const t0 = performance.now();
  try {
    const value = await fn();
    return { ms: performance.now() - t0, value };
  } catch (error) {
    return { ms: performance.now() - t0, error };
  }
}
