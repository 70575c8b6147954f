// urls check: the URLs App Store Connect really has, each through the whole check-url (a URL both
// environments share is checked once), then with --send a TEST notification per environment: one
// report, one exit code. The same stages as doctor's (src/doctor/urls.ts, src/doctor/send.ts).
import type { CommandContext } from '../context.js';
import type { UrlsCheckOptions } from './define.js';
import { ExitCode } from '../../errors.js';
import { effectiveUrl, settingsFindings, type NotificationUrlSettings, type UrlEnvironment } from '../../asc/index.js';
import { resolveCredentials } from '../../auth/index.js';
import { readCaFiles } from '../../delivery/ca-files.js';
import { urlTargets } from '../../doctor/asc.js';
import { sendStage } from '../../doctor/send.js';
import { settle } from '../../doctor/unfinished.js';
import { urlStage } from '../../doctor/urls.js';
import { check, countChecks, type Check } from '../../report/check.js';
import type { CheckUrlReport } from '../../url/index.js';
import type { UrlsCheckedEnvironmentJson } from '../../json/index.js';
import { appJson, environmentJson, printAppReport, withApp } from './frame.js';

export async function run(ctx: CommandContext<UrlsCheckOptions>): Promise<number> {
  const o = ctx.opts;
  const ca = readCaFiles(o.ca ?? [], ctx.cwd);
  // --send needs the In-App Purchase key: a missing one is said before anything is checked.
  const sendCreds = o.send ? await resolveCredentials(o, ctx.env, { need: ['issuerId', 'keyId', 'privateKey', 'bundleId'], cwd: ctx.cwd }) : undefined;

  return withApp(ctx, async (_session, app) => {
    const checks: Check[] = settingsFindings(app.settings, { allowPrivate: o.allowPrivate === true });
    const { targets } = urlTargets(app, {});
    const spinner = await ctx.out.spinner('Running check-url on the configured URLs', { elapsed: true });
    let reports: Partial<Record<UrlEnvironment, CheckUrlReport>>;
    try {
      const stage = await urlStage(targets, { ...(ca ? { ca } : {}), allowPrivate: o.allowPrivate === true, timeoutMs: o.timeout, signal: ctx.signal });
      reports = stage.reports;
      checks.push(...stage.checks);
      if (targets.production && targets.sandbox && targets.production.url === targets.sandbox.url) checks.push(check('urls.check.same-url', {}, { group: 'Notification URLs' }));
      if (o.send) {
        for (const environment of ['production', 'sandbox'] as const) {
          const url = effectiveUrl(app.settings, environment);
          if (!url) continue;
          spinner.update(`Waiting for the ${environment} TEST notification`);
          checks.push(...(await sendStage(sendCreds, environment, url, { flags: o, env: ctx.env, cwd: ctx.cwd, timeoutMs: o.timeout, waitMs: o.wait, signal: ctx.signal, send: true })));
        }
      }
    } finally {
      spinner.stop();
    }
    ctx.signal.throwIfAborted();

    const counts = countChecks(checks);
    const { problems, couldNotFinish } = settle(checks);
    const ok = problems === 0 && !couldNotFinish;
    if (ctx.out.json) {
      ctx.out.result('urls-check', {
        ok,
        couldNotFinish,
        app: appJson(app),
        production: checked(app.settings, 'production', reports),
        sandbox: checked(app.settings, 'sandbox', reports),
        checks,
        counts,
      });
    } else {
      printAppReport(ctx, app, checks);
    }
    if (problems > 0) return ExitCode.problem;
    return couldNotFinish ? ExitCode.couldNotFinish : ExitCode.ok;
  });
}

function checked(settings: NotificationUrlSettings, environment: UrlEnvironment, reports: Partial<Record<UrlEnvironment, CheckUrlReport>>): UrlsCheckedEnvironmentJson {
  // A sandbox without its own URL is delivered to the Production URL: its verdict is production's.
  const report = reports[environment] ?? (environment === 'sandbox' && !settings.sandbox.url ? reports.production : undefined);
  return { ...environmentJson(settings, environment), verdict: report?.verdict ?? null, predictedResult: report?.predictedResult ?? null };
}
