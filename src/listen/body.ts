// Reads a request body with a size limit and a deadline, so one sender cannot exhaust the listener.
import type { IncomingMessage } from 'node:http';

export type BodyRead =
  | { kind: 'ok'; body: Buffer }
  | { kind: 'too-large'; bytes: number }
  | { kind: 'timeout'; bytes: number }
  | { kind: 'aborted'; bytes: number };

export function readBody(req: IncomingMessage, maxBytes: number, deadlineMs: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let done = false;
    const finish = (r: BodyRead) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onClose);
      resolve(r);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        // Stop buffering; the caller answers 413 and closes the connection.
        req.pause();
        finish({ kind: 'too-large', bytes });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ kind: 'ok', body: Buffer.concat(chunks, bytes) });
    const onGone = () => finish({ kind: 'aborted', bytes });
    const onClose = () => {
      if (!req.complete) finish({ kind: 'aborted', bytes });
    };
    const timer = setTimeout(() => finish({ kind: 'timeout', bytes }), deadlineMs);
    timer.unref();
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('close', onClose);
  });
}
