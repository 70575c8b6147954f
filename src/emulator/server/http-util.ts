// Small helpers for the emulator's HTTP handlers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpStatusOf, type ApiError } from './api-errors.js';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendApiError(res: ServerResponse, err: ApiError, headers: Record<string, string> = {}): void {
  sendJson(res, httpStatusOf(err), { errorCode: err.errorCode, errorMessage: err.errorMessage }, headers);
}

/** 401 as Apple sends it: no documented body. */
export function sendUnauthorized(res: ServerResponse): void {
  res.writeHead(401, { 'content-length': 0 });
  res.end();
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-length': 0 });
  res.end();
}

/** A path segment %-decoded; a broken %-escape is left as it is, so it fails the ID's or token's format check. */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Apple's request bodies are a few hundred bytes; anything near this is not a client of ours. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A body over the limit: the caller answers 4xx and closes the connection. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads the whole body as UTF-8, up to `limit` bytes. Over the limit it stops keeping data (the rest
 * is drained and dropped, so the answer can still reach the client) and throws BodyTooLargeError.
 */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return (await readBodyBytes(req, limit)).toString('utf8');
}

/** The same, as bytes (an OCSP request is DER). */
export function readBodyBytes(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > limit) {
      req.resume();
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.resume();
      reject(new BodyTooLargeError(limit));
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
