// urls: what App Store Connect has for the app, where Apple effectively delivers, and what is wrong.
import type { CommandContext } from '../context.js';
import type { UrlsOptions } from './define.js';
import { ExitCode } from '../../errors.js';
import { settingsFindings } from '../../asc/index.js';
import { countChecks } from '../../report/check.js';
import { appJson, environmentJson, printAppReport, withApp } from './frame.js';

export async function run(ctx: CommandContext<UrlsOptions>): Promise<number> {
  return withApp(ctx, async (_session, app) => {
    const checks = settingsFindings(app.settings, { allowPrivate: ctx.opts.allowPrivate === true });
    const counts = countChecks(checks);
    const ok = counts.fail === 0;
    if (ctx.out.json) {
      ctx.out.result('urls', {
        ok,
        app: appJson(app),
        production: environmentJson(app.settings, 'production'),
        sandbox: environmentJson(app.settings, 'sandbox'),
        checks,
        counts,
      });
    } else {
      printAppReport(ctx, app, checks);
    }
    return ok ? ExitCode.ok : ExitCode.problem;
  });
}
