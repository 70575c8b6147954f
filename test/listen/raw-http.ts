// Sends bytes over a plain TCP socket and collects whatever comes back, to play the senders a
// listener must survive: broken HTTP, slow drips, aborted bodies.
import { connect, type Socket } from 'node:net';

export interface RawExchange {
  socket: Socket;
  /** Resolves with everything received once the server closes (or `waitMs` passes). */
  response: Promise<string>;
}

export function openRaw(port: number, waitMs = 5000): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      let data = '';
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (data += d));
      const response = new Promise<string>((done) => {
        const timer = setTimeout(() => {
          socket.destroy();
          done(data);
        }, waitMs);
        socket.once('close', () => {
          clearTimeout(timer);
          done(data);
        });
      });
      resolve({ socket, response });
    });
  });
}

export function statusOf(raw: string): number | undefined {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
  return m ? Number(m[1]) : undefined;
}
