// urls set: change the notification URLs in App Store Connect. Every URL passes check-url's URL rules
// before any request (src/url/rules.ts, registrableUrl); --check runs the whole check-url and refuses
// one Apple could not deliver to. The change is shown before → after, confirmed, sent as one PATCH of
// only what changes, and read back: when the PATCH's answer never comes, the read back says whether
// it took effect (src/asc/settings.ts, applyChange).
import type { CommandContext } from '../context.js';
import type { UrlsSetOptions } from './define.js';
import { ExitCode } from '../../errors.js';
import { applyChange, planChange, type ApplyOutcome, type AscApp, type ChangePlan, type NotificationUrlSettings, type PlannedChange, type UrlChangeRequest } from '../../asc/index.js';
import { describeAscError, isAscError } from '../../asc/explain.js';
import { resolveCredentials } from '../../auth/index.js';
import { readCaFiles } from '../../delivery/ca-files.js';
import { sendStage } from '../../doctor/send.js';
import { check, type Check } from '../../report/check.js';
import { couldNotFinishErrorFrom, problemErrorFrom, usageErrorFrom } from '../../report/diagnostics/errors.js';
import { diagnostic } from '../../report/diagnostics/index.js';
import { renderChecks } from '../../report/render-checks.js';
import { safeText } from '../../report/terminal-text.js';
import { registrableUrl } from '../../url/rules.js';
import type { UrlsSetJson } from '../../json/index.js';
import { appJson, appLine, settingsLines, withApp } from './frame.js';

type SetContext = CommandContext<UrlsSetOptions>;
const GROUP = { group: 'Result' };

export async function run(ctx: SetContext): Promise<number> {
  const o = ctx.opts;
  const request = changeRequest(o);
  // Before any request: every URL by check-url's rules (port 80, http, credentials, private names…).
  const rehearsal = urlRules(o);
  const ca = readCaFiles(o.ca ?? [], ctx.cwd);
  // --send needs the In-App Purchase key: a missing one is said now, before anything is written.
  const sendCreds = o.send ? await resolveCredentials(o, ctx.env, { need: ['issuerId', 'keyId', 'privateKey', 'bundleId'], cwd: ctx.cwd }) : undefined;

  return withApp(
    ctx,
    async (session, app) => {
      const plan = planChange(app.settings, request);
      const checks: Check[] = [...rehearsal];
      const doc = (mode: UrlsSetJson['mode'], after: NotificationUrlSettings, readBack: boolean, ok = true): UrlsSetJson => ({
        ok,
        mode,
        app: appJson(app),
        before: app.settings,
        after,
        readBack,
        changes: plan.changes,
        checks,
      });
      showPlan(ctx, app, plan, checks);
      if (plan.changes.length === 0) {
        checks.push(check('urls.set.unchanged', {}, GROUP));
        return finish(ctx, doc('unchanged', app.settings, false));
      }

      if (o.check) {
        const verdicts = await checkNewUrls(ctx, plan, ca);
        checks.push(...verdicts.checks);
        if (verdicts.refused) return finish(ctx, doc('refused', plan.after, false, false), verdicts.refused === 'could-not-test' ? ExitCode.couldNotFinish : ExitCode.problem);
      }
      if (o.dryRun) {
        checks.push(check('urls.set.dry-run', {}, GROUP));
        return finish(ctx, doc('dry-run', plan.after, false));
      }
      if (!o.yes && !(await confirmed(ctx))) {
        checks.push(check('urls.set.declined', {}, GROUP));
        return finish(ctx, doc('declined', plan.after, false));
      }

      const outcome = await applyChange(session.client, app, plan);
      const written = outcomeCheck(outcome);
      checks.push(written);
      const after = 'app' in outcome ? outcome.app.settings : plan.after;
      const readBack = 'app' in outcome;
      for (const environment of changedEnvironments(plan)) {
        if (o.send) checks.push(...(await sendStage(sendCreds, environment, after[environment].url ?? after.production.url ?? undefined, { ...sendOptions(ctx), send: true })));
        else checks.push(check('urls.next.send-test', { environment }, { group: 'Next' }));
      }
      const failed = checks.some((c) => c.status === 'fail');
      return finish(ctx, doc('written', after, readBack, !failed), failed ? ExitCode.problem : ExitCode.ok);
    },
    { action: 'change' },
  );
}

/** The options as a change request; contradictions and an empty request are usage errors (exit 2). */
function changeRequest(o: UrlsSetOptions): UrlChangeRequest {
  if (o.clearSandbox && o.sandbox !== undefined) throw usageErrorFrom('urls.set.clear-and-sandbox');
  if (o.production === undefined && o.sandbox === undefined && !o.clearSandbox && o.notificationVersion === undefined) throw usageErrorFrom('urls.set.nothing');
  return {
    ...(o.production !== undefined ? { production: o.production.trim() } : {}),
    ...(o.sandbox !== undefined ? { sandbox: o.sandbox.trim() } : {}),
    ...(o.clearSandbox ? { clearSandbox: true } : {}),
    ...(o.notificationVersion ? { version: o.notificationVersion } : {}),
  };
}

/** check-url's URL rules on each URL given; a refused one ends the command (exit 2), rehearsal findings come back. */
function urlRules(o: UrlsSetOptions): Check[] {
  const out: Check[] = [];
  for (const [flag, url] of [['--production', o.production], ['--sandbox', o.sandbox]] as const) {
    if (url === undefined) continue;
    const verdict = registrableUrl(url, { allowPrivate: o.allowPrivate === true });
    if (verdict.refused) {
      throw usageErrorFrom('urls.set.url-refused', { flag, url: url.slice(0, 200), reason: verdict.refused.title, fix: verdict.refused.fix ?? 'Give an https:// URL Apple can reach.' });
    }
    for (const r of verdict.rehearsal) out.push(check('urls.rehearsal', { url, reason: r.title }, { group: 'URL rules' }));
  }
  return out;
}

/** --check: the whole check-url on each new URL (once each); `refused` when one would not be delivered to (unless --force). */
async function checkNewUrls(ctx: SetContext, plan: ChangePlan, ca: string[] | undefined): Promise<{ checks: Check[]; refused?: 'not-deliverable' | 'could-not-test' }> {
  const { checkUrl } = await import('../../url/index.js');
  const urls = [...new Set(plan.changes.filter((c) => !c.attribute.includes('Version') && c.after).map((c) => c.after!))];
  const checks: Check[] = [];
  let refused: 'not-deliverable' | 'could-not-test' | undefined;
  const spinner = await ctx.out.spinner('Running check-url on the new URLs');
  try {
    for (const url of urls) {
      const report = await checkUrl(url, { timeoutMs: ctx.opts.timeout, allowPrivate: ctx.opts.allowPrivate === true, ...(ca ? { ca } : {}), signal: ctx.signal });
      const g = { group: 'check-url', data: { url, verdict: report.verdict, predictedResult: report.predictedResult } };
      if (report.verdict === 'deliverable') {
        checks.push(check('urls.set.check-ok', { url }, g));
        continue;
      }
      const decisive = report.checks.find((c) => c.id === report.decisiveCheck);
      const detail = decisive ? `✗ ${decisive.title}` : undefined;
      if (ctx.opts.force) {
        checks.push(check('urls.set.check-forced', { url, verdict: report.verdict }, { ...g, ...(detail ? { detail } : {}) }));
        continue;
      }
      checks.push(check('urls.set.check-refused', { url, verdict: report.verdict }, { ...g, ...(detail ? { detail } : {}) }));
      if (refused !== 'not-deliverable') refused = report.verdict;
    }
  } finally {
    spinner.stop();
  }
  return { checks, ...(refused ? { refused } : {}) };
}

/** On a terminal: ask. Without one, --yes is needed (exit 2, nothing written). */
async function confirmed(ctx: SetContext): Promise<boolean> {
  const promptOut = ctx.out.json ? process.stderr : process.stdout;
  if (!ctx.stdin.isTTY || !promptOut.isTTY) throw usageErrorFrom('urls.set.needs-yes');
  const { confirm } = await import('@inquirer/prompts');
  try {
    return await confirm({ message: 'Write this change to App Store Connect?', default: false }, { input: ctx.stdin, output: promptOut, signal: ctx.signal });
  } catch (err) {
    if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) {
      const { interruptedError } = await import('../../report/diagnostics/errors.js');
      throw interruptedError();
    }
    throw err;
  }
}

/** How the write ended, as a check; the outcomes that leave nothing (or nothing known) written are errors. */
function outcomeCheck(outcome: ApplyOutcome): Check {
  const why = (e: Parameters<typeof describeAscError>[0]) => {
    const d = describeAscError(e);
    return diagnostic(d.id, d.vars).title;
  };
  switch (outcome.state) {
    case 'applied':
      return check('urls.set.written', {}, GROUP);
    case 'accepted-unread':
      return check('urls.set.written-unread', { reason: why(outcome.readBackError) }, GROUP);
    case 'applied-unconfirmed':
      return check('urls.set.applied-after-failure', { reason: why(outcome.error) }, GROUP);
    case 'not-applied':
      throw couldNotFinishErrorFrom('urls.set.not-applied', { reason: why(outcome.error) }, { cause: outcome.error });
    case 'unknown': {
      const readBack = outcome.readBackError;
      const readBackReason = isAscError(readBack) ? why(readBack) : readBack instanceof Error ? readBack.message : String(readBack);
      throw couldNotFinishErrorFrom('urls.set.unknown', { reason: why(outcome.error), readBackReason }, { cause: outcome.error });
    }
    case 'differs': {
      const details = ['production', 'sandbox']
        .map((e) => `${e} ${outcome.app.settings[e as 'production'].url ?? 'none'} (${outcome.app.settings[e as 'production'].version ?? 'no version'})`)
        .join(', ');
      throw problemErrorFrom('urls.set.differs', { details });
    }
  }
}

function changedEnvironments(plan: ChangePlan): ('production' | 'sandbox')[] {
  return (['production', 'sandbox'] as const).filter((e) => plan.changes.some((c) => c.environment === e) && (plan.after[e].url ?? (e === 'sandbox' ? plan.after.production.url : null)));
}

function sendOptions(ctx: SetContext) {
  return { flags: ctx.opts, env: ctx.env, cwd: ctx.cwd, timeoutMs: ctx.opts.timeout, waitMs: ctx.opts.wait, signal: ctx.signal };
}

/** The app, its settings now, and the change as before → after (stderr with --json, so stdout stays one document). */
function showPlan(ctx: SetContext, app: AscApp, plan: ChangePlan, rehearsal: Check[]): void {
  if (ctx.out.json) return;
  const c = ctx.out.c;
  ctx.out.line(appLine(app, c));
  ctx.out.line();
  for (const l of settingsLines(app.settings, c)) ctx.out.line(l);
  ctx.out.line();
  if (rehearsal.length) for (const l of renderChecks(rehearsal, c)) ctx.out.line(l);
  if (plan.changes.length === 0) return;
  ctx.out.line(c.bold('Change'));
  for (const l of diffLines(plan.changes)) ctx.out.line(`  ${l.label.padEnd(22)} ${c.red(l.before)} → ${c.green(l.after)}`);
  ctx.out.line();
}

function diffLines(changes: PlannedChange[]): { label: string; before: string; after: string }[] {
  return changes.map((ch) => ({
    label: `${ch.environment === 'production' ? 'Production' : 'Sandbox'} ${ch.attribute.includes('Version') ? 'version' : 'URL'}`,
    before: ch.before === null ? '(none)' : safeText(ch.before),
    after: ch.after === null ? '(none)' : safeText(ch.after),
  }));
}

function finish(ctx: SetContext, doc: UrlsSetJson, code: number = ExitCode.ok): number {
  if (ctx.out.json) {
    ctx.out.result('urls-set', doc);
    return code;
  }
  const c = ctx.out.c;
  const rest = doc.checks.filter((ch) => ch.group !== 'URL rules');
  if (doc.mode === 'written') {
    ctx.out.line(c.bold('Now in App Store Connect'));
    for (const l of settingsLines(doc.after, c)) ctx.out.line(l);
    ctx.out.line();
  }
  for (const l of renderChecks(rest, c)) ctx.out.line(l);
  return code;
}
