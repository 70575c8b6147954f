// Checks that a 2xx body has the documented shape, so a half-broken answer fails clearly here
// instead of as a TypeError further on.
import { ApiResponseError } from './errors.js';
import type { ApiResponse } from './client.js';

export interface SendAttempt {
  attemptDate: number;
  sendAttemptResult: string;
}

export function shapeError(res: ApiResponse, facts: { method: string; url: string }, detail: string): ApiResponseError {
  return new ApiResponseError({
    method: facts.method,
    url: facts.url,
    status: res.status,
    attempts: res.attempts,
    ...(res.requestUuid ? { requestUuid: res.requestUuid } : {}),
    problem: 'wrong-shape',
    detail,
  });
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** sendAttempts as documented (≤ 6 items of {attemptDate, sendAttemptResult}); undefined when malformed. */
export function readSendAttempts(v: unknown): SendAttempt[] | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return undefined;
  const out: SendAttempt[] = [];
  for (const item of v) {
    if (!isRecord(item) || typeof item.attemptDate !== 'number' || typeof item.sendAttemptResult !== 'string') return undefined;
    out.push({ attemptDate: item.attemptDate, sendAttemptResult: item.sendAttemptResult });
  }
  return out.sort((a, b) => a.attemptDate - b.attemptDate);
}
