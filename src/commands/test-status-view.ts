// The explanation of a test notification status, shared by send-test and test-status: the attempts,
// the verdict with its fix and hints, and the verified TEST payload. Built once, printed as human
// lines or as the JSON document.
import type { CommandContext } from './context.js';
import { attemptReport, type AttemptReport } from '../api/attempt-report.js';
import type { ApiSession } from '../api/session.js';
import type { TrustRoots } from '../emulator/trust-roots.js';
import type { TestStatus } from '../api/test-notification.js';
import { decodePayload, payloadSummary, type DecodedPayload } from '../api/payload.js';
import { check, type Check } from '../report/check.js';
import { isoDate, isoWithAge, isValidDateMs } from '../report/format.js';
import { renderChecks } from '../report/render-checks.js';
import { safeText } from '../report/terminal-text.js';
import { renderSignedData } from '../jws/render.js';
import type { StatusAnsweredFields } from '../json/index.js';

export interface StatusView {
  report: AttemptReport;
  payload?: DecodedPayload;
  payloadCheck: Check;
  ok: boolean;
}

export async function buildStatusView(status: TestStatus, token: string, session: ApiSession, trust: TrustRoots, lookUp?: string): Promise<StatusView> {
  const environment = session.base.environment;
  const url = session.creds.notificationUrls?.[environment];
  const report = attemptReport({ status, environment, token, ...(url ? { notificationUrl: url } : {}), ...(lookUp ? { lookUp } : {}) });
  let payload: DecodedPayload | undefined;
  let payloadCheck: Check;
  if (!status.signedPayload) {
    payloadCheck = check('api.test.payload-missing');
  } else {
    payload = await decodePayload(status.signedPayload, { environment, bundleId: session.creds.bundleId, ...(trust.roots ? { roots: trust.roots } : {}) });
    if (payload.ok && payload.result.ok) {
      const s = payloadSummary(payload.result);
      const summary = [s.notificationType, s.notificationUUID, s.environment, s.bundleId].filter(Boolean).join(', ');
      const anchor = payload.result.verification.anchor;
      const signer = !anchor || anchor.apple ? 'signed by Apple' : trust.source === 'emulator' ? 'signed by the emulator’s CA, not by Apple' : 'signed by your --root CA, not by Apple';
      payloadCheck = check('api.test.payload-verified', { summary, signer });
    } else {
      const reason = payload.ok ? (payload.result.verification.reason ?? payload.result.verification.status) : payload.reason;
      payloadCheck = check('api.test.payload-not-verified', { reason });
    }
  }
  return { report, ...(payload ? { payload } : {}), payloadCheck, ok: report.delivered && payloadCheck.status !== 'fail' };
}

export function statusJson(view: StatusView): StatusAnsweredFields {
  return {
    delivered: view.report.delivered,
    lastResult: view.report.lastResult ?? null,
    sendAttempts: view.report.attempts.map((a) => ({
      attemptDate: a.attemptDate,
      ...(isValidDateMs(a.attemptDate) ? { attemptDateIso: isoDate(a.attemptDate) } : {}),
      sendAttemptResult: a.sendAttemptResult,
    })),
    retrySchedule: view.report.retrySchedule,
    checks: view.report.checks,
    payload: view.payload?.ok
      ? { ok: view.payload.result.ok, verified: view.payload.result.verified, verification: view.payload.result.verification.status, decoded: view.payload.result.payload }
      : null,
    payloadCheck: view.payloadCheck,
  };
}

export function printStatus(ctx: CommandContext, view: StatusView): void {
  const out = ctx.out;
  const c = out.c;
  out.line(c.bold('Send attempts'));
  for (const a of view.report.attempts) {
    const when = Number.isFinite(a.attemptDate) ? isoWithAge(a.attemptDate) : '(date not given)';
    // The result comes from the API answer: shown escaped, whatever it holds.
    const result = a.sendAttemptResult === 'SUCCESS' ? c.green(a.sendAttemptResult) : c.red(safeText(a.sendAttemptResult, { max: 60 }));
    out.line(`  ${when}  ${result}`);
  }
  out.line('');
  for (const l of renderChecks(view.report.checks, c, { verbose: true })) out.line(l);
  out.line('');
  out.line(c.bold('Payload'));
  for (const l of renderChecks([view.payloadCheck], c, { indent: 2 })) out.line(l);
  if (ctx.opts.verbose && view.payload?.ok) {
    out.line('');
    for (const l of renderSignedData(view.payload.result, c)) out.line(`  ${l}`);
  }
}
