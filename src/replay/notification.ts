// What replay needs to know about a notification before sending it: its notificationUUID (to send it
// once and remember it), its signedDate (to send the oldest first) and its type for the report. Read
// from the signedPayload without verifying it: the handler it goes to verifies, as it does for Apple.
import { NotAPayloadError, parseCompact } from '../jws/compact.js';
import { diagnostic, type DiagnosticId, type DiagnosticVars } from '../report/diagnostics/index.js';

export interface NotificationFacts {
  notificationUUID: string;
  signedDate: number;
  notificationType?: string;
  subtype?: string;
}

/** Why an input holds no notification to send: a stable code, one line, and the fix. */
export interface InputProblem {
  code: string;
  message: string;
  fix?: string;
}

export function inputProblem(id: DiagnosticId, vars: DiagnosticVars = {}): InputProblem {
  const d = diagnostic(id, vars);
  return { code: id, message: d.title, ...(d.fix ? { fix: d.fix } : {}) };
}

/** The facts of a version 2 notification's signedPayload, or why it is not one. */
export function notificationFacts(signedPayload: string): { ok: true; facts: NotificationFacts } | { ok: false; problem: InputProblem } {
  let payload: Record<string, unknown>;
  try {
    payload = parseCompact(signedPayload).payload;
  } catch (err) {
    if (err instanceof NotAPayloadError) return { ok: false, problem: { code: err.code, message: err.message, ...(err.fix ? { fix: err.fix } : {}) } };
    throw err;
  }
  const { notificationUUID, signedDate, notificationType, subtype } = payload;
  if (typeof notificationUUID !== 'string' || notificationUUID === '') return { ok: false, problem: inputProblem('replay.input.not-a-notification', { field: 'notificationUUID' }) };
  if (typeof signedDate !== 'number' || !Number.isFinite(signedDate)) return { ok: false, problem: inputProblem('replay.input.not-a-notification', { field: 'signedDate' }) };
  return {
    ok: true,
    facts: {
      notificationUUID,
      signedDate,
      ...(typeof notificationType === 'string' ? { notificationType } : {}),
      ...(typeof subtype === 'string' ? { subtype } : {}),
    },
  };
}
