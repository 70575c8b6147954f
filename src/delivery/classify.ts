// One classifier for what happened to a POST, in Apple's sendAttemptResult vocabulary.
// check-url's probe and the emulator's delivery engine both use it.
import { MIMEType } from 'node:util';
import { DEADLINE_CODE, INTERRUPTED_CODE } from '../http/bounded-request.js';
import type { SendAttemptResult } from '../apple/send-attempt-result.js';

/** Apple counts only 200-206 as success (Responding to App Store Server Notifications). */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status <= 206;
}

export function resultForStatus(status: number): SendAttemptResult {
  return isSuccessStatus(status) ? 'SUCCESS' : 'UNSUCCESSFUL_HTTP_RESPONSE_CODE';
}

/** The charset named by a Content-Type header, and whether it can be decoded. */
export function inspectCharset(contentType: string | undefined): { charset?: string; supported: boolean } {
  if (!contentType) return { supported: true };
  let charset: string | null;
  try {
    charset = new MIMEType(contentType).params.get('charset');
  } catch {
    // An unparseable Content-Type: treat a visible charset= as the claim.
    const m = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType);
    charset = m?.[1] ?? null;
  }
  if (!charset) return { supported: true };
  try {
    new TextDecoder(charset);
    return { charset, supported: true };
  } catch {
    return { charset, supported: false };
  }
}

const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|EPROTO|HOSTNAME_MISMATCH|INVALID_CA|INVALID_PURPOSE)/;

/** Collects `code` and `name` along an error's cause chain. */
export function errorCodes(err: unknown): { codes: string[]; names: string[]; message: string } {
  const codes: string[] = [];
  const names: string[] = [];
  let message = '';
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 5; depth += 1) {
    if (typeof cur !== 'object') break;
    const e = cur as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.code === 'string') codes.push(e.code);
    if (typeof e.name === 'string') names.push(e.name);
    if (!message && typeof e.message === 'string') message = e.message;
    cur = e.cause;
  }
  return { codes, names, message };
}

/**
 * Maps a transport error to the result Apple would most likely record.
 * `afterHeaders` says whether the status line and headers had already arrived.
 */
export function resultForError(err: unknown, afterHeaders = false): { result: SendAttemptResult; code: string } {
  const { codes, names, message } = errorCodes(err);
  const code = codes[0] ?? names[0] ?? 'UNKNOWN';
  const has = (c: string) => codes.includes(c);

  // Cancelled by the user: nothing to predict (callers mark the attempt as interrupted).
  if (has(INTERRUPTED_CODE)) return { result: 'OTHER', code };
  if (has(DEADLINE_CODE)) return { result: 'TIMED_OUT', code };
  if (names.includes('HTTPParserError') || codes.some((c) => c.startsWith('HPE_'))) {
    return { result: 'INVALID_RESPONSE', code };
  }
  if (has('UND_ERR_HEADERS_TIMEOUT') || has('UND_ERR_BODY_TIMEOUT') || has('UND_ERR_CONNECT_TIMEOUT') || has('ETIMEDOUT')) {
    return { result: 'TIMED_OUT', code };
  }
  if (names.includes('AbortError') || has('ABORT_ERR') || has('UND_ERR_ABORTED')) {
    return { result: 'TIMED_OUT', code };
  }
  if (codes.some((c) => TLS_CODE.test(c)) || /SSL routines|certificate|TLS/i.test(message)) {
    return { result: 'TLS_ISSUE', code };
  }
  if (has('UND_ERR_RES_CONTENT_LENGTH_MISMATCH') || has('UND_ERR_REQ_CONTENT_LENGTH_MISMATCH')) {
    return { result: 'PREMATURE_CLOSE', code };
  }
  if (has('UND_ERR_SOCKET') || has('ECONNRESET') || has('EPIPE')) {
    if (afterHeaders) return { result: 'PREMATURE_CLOSE', code };
    // The server accepted the request, then closed without a status line.
    if (has('UND_ERR_SOCKET')) return { result: 'NO_RESPONSE', code };
    return { result: 'SOCKET_ISSUE', code };
  }
  if (['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'ENETDOWN'].some(has)) {
    return { result: 'SOCKET_ISSUE', code };
  }
  if (has('UND_ERR_CLOSED') || has('UND_ERR_INFO')) return { result: 'NO_RESPONSE', code };
  return { result: 'OTHER', code };
}
