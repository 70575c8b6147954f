// history: check the filters, page through Get Notification History, and show one line per
// notification (or its decoded detail with --verbose, or one NDJSON line with --json).
import type { CommandContext } from '../context.js';
import { ExitCode } from '../../errors.js';
import { buildHistoryRequest, HistoryInputError, historyPages, lastAttemptResult, type HistoryFilters, type HistoryItem } from '../../api/history.js';
import { positiveIntOption } from '../../api/numbers.js';
import { usageErrorFrom } from '../../report/diagnostics/errors.js';
import { decodePayload, payloadSummary, type DecodedPayload } from '../../api/payload.js';
import { trustRoots } from '../../emulator/trust-roots.js';
import { readRootFiles } from '../../jws/roots.js';
import { historyPageInterval } from '../../api/rate-limits.js';
import type { ApiEnvironment } from '../../api/endpoints.js';
import { check } from '../../report/check.js';
import { diagnostic } from '../../report/diagnostics/index.js';
import { isoDate, isoWithAge, plural } from '../../report/format.js';
import { safeMessage, safeText } from '../../report/terminal-text.js';
import { renderChecks } from '../../report/render-checks.js';
import { renderSignedData } from '../../jws/render.js';
import { runWithApi } from '../api-run.js';
import { tableHeader, tableRow, type HistoryRow } from './table.js';
import type { HistoryNotificationRecord } from '../../json/index.js';

export async function run(ctx: CommandContext): Promise<number> {
  const o = ctx.opts;
  const filters: HistoryFilters = {};
  for (const [key, flag] of [['since', 'since'], ['until', 'until'], ['type', 'type'], ['subtype', 'subtype'], ['transactionId', 'transactionId']] as const) {
    if (typeof o[flag] === 'string') filters[key] = o[flag] as string;
  }
  if (o.onlyFailures) filters.onlyFailures = true;
  let givenRoots: Buffer[] | undefined;
  let limit: number | undefined;
  const out = ctx.out;
  const prepare = async () => {
    limit = positiveIntOption(o.limit, 'api.history.limit-format');
    givenRoots = await readRootFiles(o.root, ctx.cwd);
    // Filter rules that hold in every environment, before credentials are even read; the window waits
    // for the environment, so its error names the right one.
    buildRequest(filters, undefined);
  };

  return runWithApi(
    ctx,
    async (session) => {
      const environment = session.base.environment;
      const built = buildRequest(filters, environment);
      for (const n of built.notes) {
        const d = diagnostic(n.id, n.vars);
        if (d.severity === 'warn') out.warn(d.title);
        else out.note(d.title);
      }
      const { roots } = await trustRoots(givenRoots, ctx.cwd, session.base, session.signToken);
      const c = out.c;
      let count = 0;
      let pages = 0;
      let notDelivered = 0;
      let unverified = 0;
      for await (const page of historyPages(session.client, built.body, historyPageInterval(environment, session.base.target))) {
        pages = page.page;
        for (const item of page.items) {
          if (limit !== undefined && count >= limit) break;
          count += 1;
          const decoded = await decodePayload(item.signedPayload, { environment, bundleId: session.creds.bundleId, ...(roots ? { roots } : {}) });
          const row = rowOf(item, decoded);
          if (row.lastResult !== 'SUCCESS') notDelivered += 1;
          if (!row.verified) unverified += 1;
          if (out.json) out.record('history', recordOf(item, decoded, row));
          else printRow(ctx, row, item, decoded, count === 1);
        }
        if (limit !== undefined && count >= limit) break;
      }
      const ok = notDelivered === 0 && unverified === 0;
      if (out.json) {
        out.record('history', { kind: 'summary', ok, environment, count, pages, notDelivered, unverified, request: built.body });
      } else {
        if (count === 0) {
          const none = check('api.history.none', { start: isoDate(built.body.startDate), end: isoDate(built.body.endDate) });
          for (const l of renderChecks([none], c, { verbose: true })) out.line(l);
        } else {
          out.line('');
          out.line(diagnostic('api.history.summary', { count: plural(count, 'notification'), pages: plural(pages, 'page'), failed: notDelivered }).title);
          if (unverified) out.line(c.yellow(`${plural(unverified, 'payload')} did not verify (run with --verbose; pass --root for the emulator's CA)`));
        }
      }
      return ok ? ExitCode.ok : ExitCode.problem;
    },
    { command: 'history', prepare },
  );
}

function buildRequest(filters: HistoryFilters, environment: ApiEnvironment | undefined): ReturnType<typeof buildHistoryRequest> {
  try {
    return buildHistoryRequest(filters, environment, Date.now());
  } catch (err) {
    if (err instanceof HistoryInputError) throw usageErrorFrom(err.id, err.vars);
    throw err;
  }
}

function rowOf(item: HistoryItem, decoded: DecodedPayload): HistoryRow {
  const s = decoded.ok ? payloadSummary(decoded.result) : {};
  const date = s.signedDate ?? item.sendAttempts[0]?.attemptDate;
  return {
    ...(date !== undefined ? { date } : {}),
    label: s.notificationType ? `${s.notificationType}${s.subtype ? `/${s.subtype}` : ''}` : '(undecodable)',
    uuid: s.notificationUUID ?? '-',
    lastResult: lastAttemptResult(item) ?? 'NO_ATTEMPT',
    attempts: item.sendAttempts.length,
    verified: decoded.ok && decoded.result.ok,
  };
}

function recordOf(item: HistoryItem, decoded: DecodedPayload, row: HistoryRow): HistoryNotificationRecord {
  const s = decoded.ok ? payloadSummary(decoded.result) : {};
  return {
    kind: 'notification',
    ok: row.lastResult === 'SUCCESS' && row.verified,
    ...s,
    lastSendAttemptResult: row.lastResult,
    attemptCount: row.attempts,
    sendAttempts: item.sendAttempts,
    verified: row.verified,
    verification: decoded.ok ? decoded.result.verification.status : 'NOT_A_JWS',
    ...(decoded.ok ? { payload: decoded.result.payload } : { error: decoded.reason }),
    signedPayload: item.signedPayload,
  };
}

function printRow(ctx: CommandContext, row: HistoryRow, item: HistoryItem, decoded: DecodedPayload, first: boolean): void {
  const out = ctx.out;
  const c = out.c;
  const verbose = Boolean(ctx.opts.verbose);
  const columns = out.columns();
  if (first && !verbose) for (const l of tableHeader(columns, c)) out.line(l);
  for (const l of tableRow(row, columns, c)) out.line(l);
  if (!verbose) return;
  for (const a of item.sendAttempts) out.line(`    ${c.dim('attempt')} ${isoWithAge(a.attemptDate)}  ${safeText(a.sendAttemptResult, { max: 60 })}`);
  if (decoded.ok) for (const l of renderSignedData(decoded.result, c)) out.line(`    ${l}`);
  else out.line(`    ${safeMessage(diagnostic('api.history.undecodable', { reason: decoded.reason }).title)}`);
  out.line('');
}
