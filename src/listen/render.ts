// Human lines for listen events: one line per request, the handler's answer beside it.
import type { ChalkInstance } from 'chalk';
import { isSuccessStatus } from '../delivery/classify.js';
import { diagnostic, hasDiagnostic } from '../report/diagnostics/index.js';
import { statusIcon } from '../report/render-checks.js';
import { safeMessage, safeText } from '../report/terminal-text.js';
import type { ListenEvent } from './types.js';

/** A verified notification that was answered with a success status. */
export function eventOk(e: ListenEvent): boolean {
  if (e.kind !== 'notification' || !e.notification?.verified) return false;
  return e.status !== undefined && isSuccessStatus(e.status);
}

export function renderEventLine(e: ListenEvent, c: ChalkInstance): string {
  const time = c.dim(e.receivedAt.slice(11, 19));
  const parts: string[] = [time];
  const n = e.notification;
  if (e.probe) {
    parts.push(statusIcon('info', c), requestLine(e), diagnostic('listen.probe').title);
    if (e.status !== undefined) parts.push(`→ ${e.status}`);
    return parts.join('  ');
  }
  if (e.kind === 'notification' && n) {
    const status = n.verified ? (n.appleRoot ? 'pass' : 'warn') : 'fail';
    parts.push(statusIcon(status, c));
    // Everything below comes from the request: escaped and cut for the terminal.
    const type = n.notificationType ? `${safeText(n.notificationType)}${n.subtype ? `/${safeText(n.subtype)}` : ''}` : 'unknown type';
    parts.push(c.bold(type));
    if (n.environment) parts.push(safeText(n.environment));
    if (n.bundleId) parts.push(safeText(n.bundleId));
    if (n.notificationUUID) parts.push(c.dim(safeText(n.notificationUUID)));
    if (!n.verified) parts.push(c.red(`NOT VERIFIED: ${safeMessage(n.reasonText ?? n.reason ?? 'unknown reason')}`));
    else if (!n.appleRoot) parts.push(c.yellow('(not signed by Apple)'));
  } else {
    const severity = e.reason && hasDiagnostic(e.reason) ? diagnostic(e.reason).severity : 'fail';
    parts.push(statusIcon(severity === 'warn' ? 'warn' : 'fail', c));
    parts.push(requestLine(e) || 'request');
    parts.push(safeMessage(e.detail ?? e.kind));
  }
  const f = e.forward;
  if (f) {
    const title = f.status !== undefined
      ? diagnostic('listen.forward.result', { status: f.status, ms: f.ms }).title
      : diagnostic('listen.forward.failed', { result: f.result, ms: f.ms, answered: f.answered }).title;
    const ok = f.status !== undefined && isSuccessStatus(f.status);
    parts.push(`→ ${ok ? c.green(title) : c.red(title)}`);
  } else if (e.status !== undefined && !(e.kind !== 'notification' && e.detail?.includes(`${e.status}`))) {
    parts.push(`→ ${e.status}`);
  }
  return parts.join('  ');
}

/** `POST /path` as received: method and path come from the client. */
function requestLine(e: ListenEvent): string {
  return safeText(`${e.method ?? ''} ${e.path ?? ''}`.trim());
}

/** The `fix` under an event line, when its reason has one. */
export function eventFix(e: ListenEvent): string | undefined {
  if (e.probe) return undefined;
  if (e.notification && !e.notification.verified && e.notification.reason) return fixFor(e.notification.reason);
  return e.reason ? fixFor(e.reason) : undefined;
}

function fixFor(id: string): string | undefined {
  return hasDiagnostic(id) ? diagnostic(id).fix : undefined;
}

/** --verbose: the decoded notification (as `decode` shows it) and the forwarding details. */
export function renderEventDetails(e: ListenEvent, c: ChalkInstance, renderDecoded?: (decoded: unknown) => string[]): string[] {
  const lines: string[] = [];
  lines.push(c.dim(`${requestLine(e)} from ${safeText(e.remoteAddress ?? '?')}, ${e.bytes ?? 0} bytes`));
  if (e.forward) {
    const f = e.forward;
    lines.push(c.dim(`forwarded to ${safeText(f.url)}: ${f.result}${f.status !== undefined ? ` (${f.status})` : ''}${f.errorCode ? ` ${safeText(f.errorCode)}` : ''} in ${f.ms} ms`));
  }
  if (e.notification?.decoded !== undefined && renderDecoded) lines.push(...renderDecoded(e.notification.decoded));
  return lines;
}

/** Longest signedPayload --verbose prints whole; Apple's are about 5-20 KB. `--json` always has it exactly. */
export const VERBOSE_SIGNED_PAYLOAD_MAX = 64 * 1024;

/**
 * --verbose: the signedPayload as received, on one line to copy into `asn-doctor decode`. Control
 * characters are escaped and an oversized one is cut with a marker (by safeText).
 */
export function renderSignedPayload(e: ListenEvent, c: ChalkInstance): string | undefined {
  if (e.signedPayload === undefined) return undefined;
  return `${c.dim('signedPayload:')} ${safeText(e.signedPayload, { max: VERBOSE_SIGNED_PAYLOAD_MAX })}`;
}
