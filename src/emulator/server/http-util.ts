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

const MAX_BODY = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
