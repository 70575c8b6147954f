// Relays a received request to the user's own handler, like `stripe listen --forward-to`, and turns the
// handler's answer into the listener's answer: its status when it answered, 504 when it hung, 502 otherwise.
// The sender's headers are relayed, its User-Agent included (the handler sees what Apple sent); a request
// that came without one is relayed with ours (src/http/user-agent.ts).
import type { IncomingHttpHeaders } from 'node:http';
import { postNotification } from '../delivery/post.js';
import type { ForwardOutcome } from './types.js';

// RFC 9110 §7.6.1 connection-specific headers, plus those the new request sets itself.
const NOT_RELAYED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'expect',
]);

export interface ForwardReply {
  outcome: ForwardOutcome;
  contentType?: string;
  body?: string;
}

export async function forwardRequest(
  url: string,
  body: Buffer,
  headers: IncomingHttpHeaders,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ForwardReply> {
  const relayed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_RELAYED.has(name.toLowerCase())) continue;
    relayed[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const r = await postNotification({
    url,
    body,
    headers: relayed,
    timeoutMs,
    redirects: 'none',
    keepBodyBytes: 64 * 1024,
    ...(signal ? { signal } : {}),
  });
  const answered = r.status ?? (r.result === 'TIMED_OUT' ? 504 : 502);
  const outcome: ForwardOutcome = { url, result: r.result, ms: r.totalMs, answered };
  if (r.status !== undefined) outcome.status = r.status;
  if (r.errorCode) outcome.errorCode = r.errorCode;
  const reply: ForwardReply = { outcome };
  if (r.status !== undefined) {
    if (r.contentType ?? r.headers?.['content-type']) reply.contentType = r.contentType ?? r.headers?.['content-type'];
    if (r.bodySnippet) reply.body = r.bodySnippet;
  }
  return reply;
}
