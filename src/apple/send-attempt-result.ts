// Apple's sendAttemptResult vocabulary (App Store Server API, sendAttemptResult).
export const SEND_ATTEMPT_RESULTS = [
  'SUCCESS',
  'TIMED_OUT',
  'TLS_ISSUE',
  'CIRCULAR_REDIRECT',
  'NO_RESPONSE',
  'SOCKET_ISSUE',
  'UNSUPPORTED_CHARSET',
  'INVALID_RESPONSE',
  'PREMATURE_CLOSE',
  'UNSUCCESSFUL_HTTP_RESPONSE_CODE',
  'OTHER',
] as const;

export type SendAttemptResult = (typeof SEND_ATTEMPT_RESULTS)[number];

export function isSendAttemptResult(value: unknown): value is SendAttemptResult {
  return typeof value === 'string' && (SEND_ATTEMPT_RESULTS as readonly string[]).includes(value);
}
