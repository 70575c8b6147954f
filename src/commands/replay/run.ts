// replay: gather the notifications (Apple's history, or a saved file or folder), say what will be sent
// where and ask, then send them oldest first, recording each answer in the state file before the next.
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CommandContext } from '../context.js';
import type { ReplayOptions } from './define.js';
import { ExitCode } from '../../errors.js';
import { historyPages, type HistoryRequestBody } from '../../api/history.js';
import { historyPageInterval } from '../../api/rate-limits.js';
import type { ApiEnvironment } from '../../api/endpoints.js';
import { readCaFiles } from '../../delivery/ca-files.js';
import { diagnostic, type DiagnosticId, type DiagnosticVars } from '../../report/diagnostics/index.js';
import { couldNotFinishErrorFrom, fileProblemText, interruptedError, notWritableReason, usageErrorFrom } from '../../report/diagnostics/errors.js';
import { isoDate, plural } from '../../report/format.js';
import { safeText } from '../../report/terminal-text.js';
import { userFileErrorFrom } from '../../util/user-file.js';
import { NotWritableError } from '../../util/atomic-write.js';
import { Collection, collectFrom, collectHistory, planReplay, ReplayState, replayTarget, sendAll, Spool, type Answer, type ReplayItem, type ReplayPlan, type SendSummary } from '../../replay/index.js';
import type { ReplayDeliveryRecord, ReplaySummaryRecord } from '../../json/index.js';
import { runWithApi } from '../api-run.js';
import { historyFiltersFrom, historyRequestFor, showRequestNotes } from '../history/filters.js';
import { replayHeader, replayRow } from './table.js';

/** Who is sending, in our User-Agent: not Apple. */
const USER_AGENT_NOTE = 'replay; not from Apple';
/** The history filters, by option key and flag: with --from they have nothing to select from. */
const FILTER_FLAGS = [
  ['since', '--since'],
  ['until', '--until'],
  ['type', '--type'],
  ['subtype', '--subtype'],
  ['transactionId', '--transaction-id'],
  ['onlyFailures', '--only-failures'],
] as const;
/** Bad inputs named in the error line; the rest are counted. */
const BAD_NAMED = 10;

type Origin =
  | { source: 'history'; environment: ApiEnvironment; request: HistoryRequestBody }
  | { source: 'file' | 'folder'; path: string };

interface Setup {
  url: string | undefined;
  state: ReplayState | undefined;
  stateShown: string | undefined;
  ca: string[] | undefined;
  started: number;
}

export async function run(ctx: CommandContext<ReplayOptions>): Promise<number> {
  const o = ctx.opts;
  const out = ctx.out;
  const started = performance.now();
  // Everything the options can be wrong about is said before anything is read or asked.
  if (o.to === undefined && !o.dryRun) throw usageErrorFrom('replay.no-target');
  const target = o.to === undefined ? undefined : replayTarget(o.to);
  const filters = historyFiltersFrom(o);
  if (o.from !== undefined) {
    const used = FILTER_FLAGS.filter(([key]) => o[key] !== undefined).map(([, flag]) => flag);
    if (used.length) throw usageErrorFrom('replay.from.with-filters', { flags: used.join(', ') });
  } else {
    historyRequestFor(filters, undefined);
  }
  const ca = readCaFiles(o.ca ?? [], ctx.cwd);
  const state = o.state === undefined ? undefined : ReplayState.load(resolve(ctx.cwd, o.state), o.state, target?.url);
  for (const w of target?.warnings ?? []) out.warn(w.fix ? `${w.title} (${w.fix})` : w.title);
  const setup: Setup = { url: target?.url, state, stateShown: o.state, ca, started };

  const spool = await Spool.open();
  ctx.onCleanup(() => spool.close());
  try {
    const collection = new Collection(spool);
    if (o.from !== undefined) {
      const path = resolve(ctx.cwd, o.from);
      let kind: 'file' | 'folder';
      try {
        kind = await collectFrom(path, collection);
      } catch (err) {
        throw usageErrorFrom('replay.from.unreadable', { path: o.from, reason: fileProblemText(userFileErrorFrom(err, o.from)) }, { cause: err });
      }
      return await replayCollected(ctx, setup, collection, spool, { source: kind, path: o.from });
    }
    return await runWithApi(
      ctx,
      async (session) => {
        const environment = session.base.environment;
        const built = historyRequestFor(filters, environment);
        showRequestNotes(out, built);
        const spinner = await out.spinner(diagnostic('replay.reading').title, { elapsed: true });
        try {
          const pages = historyPages(session.client, built.body, historyPageInterval(environment, session.base.target));
          const count = () => plural(collection.items.length + collection.duplicates + collection.badCount, 'notification');
          await collectHistory(pages, collection, (page) => spinner.update(diagnostic('replay.reading.page', { page: page.page, count: count() }).title));
        } finally {
          spinner.stop();
        }
        return await replayCollected(ctx, setup, collection, spool, { source: 'history', environment, request: built.body });
      },
      { command: 'replay', apiProblemCouldNotFinish: true },
    );
  } finally {
    await spool.close();
  }
}

async function replayCollected(ctx: CommandContext<ReplayOptions>, setup: Setup, collection: Collection, spool: Spool, origin: Origin): Promise<number> {
  const o = ctx.opts;
  const out = ctx.out;
  reportBadInputs(ctx, collection, origin);
  const plan = planReplay(collection.items, setup.state);
  const summary = (send: SendSummary | undefined, dryRun: boolean): ReplaySummaryRecord => summaryRecord(setup, collection, plan, origin, send, dryRun);
  const url = setup.url;

  if (plan.items.length === 0) {
    if (out.json) out.record('replay', summary(undefined, o.dryRun === true));
    else if (collection.items.length === 0) say(ctx, 'replay.nothing.found');
    else say(ctx, 'replay.nothing.all-delivered', { count: collection.items.length, file: setup.stateShown });
    return ExitCode.ok;
  }

  showPlan(ctx, setup, collection, plan, origin);
  if (o.dryRun) {
    const columns = out.columns();
    for (const [i, item] of plan.items.entries()) {
      if (out.json) out.record('replay', { kind: 'planned', ok: true, ...fieldsOf(item, i + 1) });
      else {
        if (i === 0) for (const l of replayHeader(columns, out.c)) out.line(l);
        for (const l of replayRow({ signedDate: item.signedDate, label: labelOf(item), uuid: item.notificationUUID, result: diagnostic('replay.row.to-send').title, ok: null, status: '', time: '' }, columns, out.c)) out.line(l);
      }
      await out.drained();
    }
    if (out.json) out.record('replay', summary(undefined, true));
    return ExitCode.ok;
  }

  if (!o.yes && !(await confirmed(ctx, plan.items.length, url!))) {
    if (out.json) out.record('replay', { ...summary(undefined, false), notSent: plan.items.length, stopped: 'declined' });
    say(ctx, 'replay.declined');
    return ExitCode.ok;
  }
  const state = setup.state;
  if (state) await startState(state, setup.stateShown!, url!);

  const total = plan.items.length;
  let answeredCount = 0;
  let failedCount = 0;
  const sendStarted = performance.now();
  const progress = out.progress(progressText(0, total, 0, 0));
  const columns = out.columns();
  let headerShown = false;
  let result: SendSummary;
  try {
    result = await sendAll({
      url: url!,
      items: plan.items,
      body: (item) => spool.read(item.body),
      concurrency: o.concurrency,
      maxFailures: o.maxFailures,
      timeoutMs: o.deliveryTimeout,
      ...(setup.ca ? { ca: setup.ca } : {}),
      userAgentNote: USER_AGENT_NOTE,
      signal: ctx.signal,
      onAnswer: async (a) => {
        if (state) {
          await state
            .record(url!, a.item.notificationUUID, { result: a.post.result, status: a.post.status ?? null, signedDate: a.item.signedDate, at: new Date().toISOString() })
            .catch((err: unknown) => {
              throw couldNotFinishErrorFrom(
                'replay.state.write-failed',
                { file: setup.stateShown, reason: writeReason(err), sent: answeredCount, planned: total },
                { cause: err },
              );
            });
        }
        answeredCount += 1;
        if (a.post.result !== 'SUCCESS') failedCount += 1;
        progress.update(progressText(answeredCount, total, failedCount, (answeredCount * 1000) / Math.max(1, performance.now() - sendStarted)));
      },
      onReport: (a) => {
        if (out.json) out.record('replay', deliveryRecord(a));
        else {
          if (!headerShown) for (const l of replayHeader(columns, out.c)) out.line(l);
          headerShown = true;
          for (const l of replayRow(rowOf(a), columns, out.c)) out.line(l);
        }
      },
    });
  } finally {
    progress.stop();
  }

  if (out.json) out.record('replay', summary(result, false));
  else showEnd(ctx, setup, result, total);
  if (result.stopped === 'interrupted') throw interruptedError();
  return result.failed === 0 && result.notSent === 0 ? ExitCode.ok : ExitCode.problem;
}

// ---- before sending ----------------------------------------------------------------------------

/** Each input that held no notification: a warning line (or a record); without --skip-bad, the error that stops the run. */
function reportBadInputs(ctx: CommandContext<ReplayOptions>, collection: Collection, origin: Origin): void {
  const out = ctx.out;
  if (collection.badCount === 0) return;
  for (const b of collection.bad) {
    if (out.json) out.record('replay', { kind: 'bad-input', ok: false, from: b.from, error: b.problem });
    else out.warn(diagnostic('replay.bad-input.line', { from: safeText(b.from, { max: 120 }), message: safeText(b.problem.message, { max: 200 }) }).title);
  }
  if (!out.json && collection.badCount > collection.bad.length) out.warn(diagnostic('replay.bad-input.more', { count: collection.badCount - collection.bad.length }).title);
  if (ctx.opts.skipBad) return;
  const what = origin.source === 'folder' ? 'file' : origin.source === 'file' ? 'line' : 'history item';
  const named = collection.bad.slice(0, BAD_NAMED).map((b) => b.from);
  const more = collection.badCount - named.length;
  throw usageErrorFrom('replay.bad-input', {
    count: plural(collection.badCount, what),
    where: origin.source === 'history' ? diagnostic('replay.bad-input.history').title : origin.path,
    list: `${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
  });
}

function showPlan(ctx: CommandContext<ReplayOptions>, setup: Setup, collection: Collection, plan: ReplayPlan, origin: Origin): void {
  const o = ctx.opts;
  const count = plural(plan.items.length, 'notification');
  const url = setup.url ?? diagnostic('replay.plan.no-target').title;
  const lines: string[] = [diagnostic(o.dryRun ? 'replay.plan.dry-run' : 'replay.plan.send', { count, url }).title];
  if (origin.source === 'history') {
    const r = origin.request;
    const filters = [
      r.onlyFailures ? diagnostic('replay.plan.filter.only-failures').title : '',
      r.notificationType ? diagnostic('replay.plan.filter.type', { type: `${r.notificationType}${r.notificationSubtype ? `/${r.notificationSubtype}` : ''}` }).title : '',
      r.transactionId ? diagnostic('replay.plan.filter.transaction', { transactionId: r.transactionId }).title : '',
    ].filter(Boolean);
    lines.push(diagnostic('replay.plan.history', { environment: origin.environment, start: isoDate(r.startDate), end: isoDate(r.endDate), filters: filters.length ? `, ${filters.join(', ')}` : '' }).title);
  } else {
    lines.push(diagnostic(origin.source === 'file' ? 'replay.plan.file' : 'replay.plan.folder', { path: origin.path }).title);
  }
  const pace = o.concurrency > 1 ? diagnostic('replay.plan.pace.many', { count: o.concurrency }).title : diagnostic('replay.plan.pace.one').title;
  const span = { oldest: isoDate(plan.oldestSignedDate!), newest: isoDate(plan.newestSignedDate!), pace };
  lines.push(diagnostic(plan.items.length === 1 ? 'replay.plan.span-one' : 'replay.plan.span', span).title);
  if (plan.alreadyDelivered) lines.push(diagnostic('replay.plan.already-delivered', { count: plan.alreadyDelivered, file: setup.stateShown }).title);
  if (collection.duplicates) lines.push(diagnostic('replay.plan.duplicates', { count: collection.duplicates }).title);
  if (collection.badCount) lines.push(diagnostic('replay.plan.bad-skipped', { count: collection.badCount }).title);
  if (!setup.state && !o.dryRun) lines.push(diagnostic('replay.plan.no-state').title);
  const idempotency = diagnostic('replay.idempotency');
  lines.push(idempotency.title, idempotency.explain!);
  // With --json the plan is for the person watching; stdout stays NDJSON.
  const show = (text: string) => (ctx.out.json ? ctx.out.note(text) : ctx.out.line(text));
  const [head, ...rest] = lines;
  show(ctx.out.json ? head! : ctx.out.c.bold(head!));
  for (const l of rest) show(`  ${l}`);
  show('');
}

/** On a terminal, asks; without one, --yes is the answer or the run stops (exit 2). */
async function confirmed(ctx: CommandContext<ReplayOptions>, count: number, url: string): Promise<boolean> {
  const vars = { count: plural(count, 'notification'), url };
  // The question goes to stderr, so stdout stays the report (or NDJSON) whatever it is piped to.
  const promptOut = process.stderr;
  if (!ctx.stdin.isTTY || !promptOut.isTTY) throw usageErrorFrom('replay.needs-yes', vars);
  const { confirm } = await import('@inquirer/prompts');
  try {
    return await confirm({ message: diagnostic('replay.confirm', vars).title, default: false }, { input: ctx.stdin, output: promptOut, signal: ctx.signal });
  } catch (err) {
    if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) throw interruptedError();
    throw err;
  }
}

/** Creates the state file (or rewrites it as it is) before the first delivery: a folder that cannot take it stops the run while nothing is sent. */
async function startState(state: ReplayState, shown: string, url: string): Promise<void> {
  try {
    await mkdir(dirname(state.path), { recursive: true });
    await state.save(url);
  } catch (err) {
    throw usageErrorFrom('replay.state.not-writable', { file: shown, reason: writeReason(err) }, { cause: err });
  }
}

function writeReason(err: unknown): string {
  const code = err instanceof NotWritableError ? err.code : (err as NodeJS.ErrnoException | undefined)?.code;
  return notWritableReason(code);
}

// ---- while and after sending -------------------------------------------------------------------

const BAR_WIDTH = 20;

function progressText(done: number, total: number, failed: number, perSecond: number): string {
  const filled = Math.round((done / total) * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const rate = perSecond >= 10 ? Math.round(perSecond) : Math.round(perSecond * 10) / 10;
  return `${bar} ${diagnostic('replay.progress', { done, total, rate, failed }).title}`;
}

function showEnd(ctx: CommandContext<ReplayOptions>, setup: Setup, result: SendSummary, planned: number): void {
  const out = ctx.out;
  out.line('');
  const notSent = result.notSent ? `, ${result.notSent} not sent` : '';
  out.line(diagnostic('replay.summary', { delivered: result.delivered, planned, failed: result.failed, notSent }).title);
  if (result.stopped === 'max-failures') {
    const d = diagnostic('replay.stopped.max-failures', { count: ctx.opts.maxFailures });
    out.line(`${out.c.red('✗')} ${d.title}`);
    out.line(`  ${out.c.cyan('fix:')} ${d.fix}`);
  }
  if (result.stopped === 'interrupted') {
    const recorded = setup.state ? ` and recorded in ${setup.stateShown}` : '';
    out.note(diagnostic('replay.stopped.interrupted', { sent: result.sent, recorded, left: result.notSent }).title);
  }
  if (result.failed || result.notSent) {
    out.note(setup.state ? diagnostic('replay.rerun.state', { file: setup.stateShown }).title : diagnostic('replay.rerun.no-state').title);
  }
}

function say(ctx: CommandContext<ReplayOptions>, id: DiagnosticId, vars: DiagnosticVars = {}): void {
  const text = diagnostic(id, vars).title;
  if (ctx.out.json) ctx.out.note(text);
  else ctx.out.line(text);
}

function labelOf(item: ReplayItem): string {
  return item.notificationType ? `${item.notificationType}${item.subtype ? `/${item.subtype}` : ''}` : '(no type)';
}

function fieldsOf(item: ReplayItem, seq: number) {
  return {
    seq,
    notificationUUID: item.notificationUUID,
    notificationType: item.notificationType ?? null,
    subtype: item.subtype ?? null,
    signedDate: item.signedDate,
    from: item.from,
  };
}

function rowOf(a: Answer) {
  const p = a.post;
  return {
    signedDate: a.item.signedDate,
    label: labelOf(a.item),
    uuid: a.item.notificationUUID,
    result: p.result,
    ok: p.result === 'SUCCESS',
    status: p.status === undefined ? '-' : String(p.status),
    time: `${p.totalMs} ms`,
  };
}

function deliveryRecord(a: Answer): ReplayDeliveryRecord {
  const p = a.post;
  return {
    kind: 'notification',
    ok: p.result === 'SUCCESS',
    ...fieldsOf(a.item, a.seq),
    result: p.result,
    status: p.status ?? null,
    timeMs: p.totalMs,
    ...(p.errorCode ? { errorCode: p.errorCode } : {}),
    ...(p.redirects.length ? { redirects: p.redirects } : {}),
  };
}

function summaryRecord(setup: Setup, collection: Collection, plan: ReplayPlan, origin: Origin, send: SendSummary | undefined, dryRun: boolean): ReplaySummaryRecord {
  const planned = plan.items.length;
  const ok = send ? send.failed === 0 && send.notSent === 0 : true;
  return {
    kind: 'summary',
    ok,
    dryRun,
    url: setup.url ?? null,
    source: origin.source,
    ...(origin.source === 'history' ? { environment: origin.environment, request: origin.request } : { path: origin.path }),
    found: collection.items.length,
    duplicates: collection.duplicates,
    badInput: collection.badCount,
    alreadyDelivered: plan.alreadyDelivered,
    planned,
    sent: send?.sent ?? 0,
    delivered: send?.delivered ?? 0,
    failed: send?.failed ?? 0,
    notSent: send ? send.notSent : dryRun ? planned : 0,
    stopped: send?.stopped ?? null,
    state: setup.stateShown ?? null,
    oldestSignedDate: plan.oldestSignedDate ?? null,
    newestSignedDate: plan.newestSignedDate ?? null,
    durationMs: Math.round(performance.now() - setup.started),
  };
}
