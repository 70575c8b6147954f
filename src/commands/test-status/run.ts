// test-status: one Get Test Notification Status look-up for an earlier token, explained like send-test.
import type { CommandContext } from '../context.js';
import { ExitCode } from '../../errors.js';
import { usageErrorFrom } from '../../report/diagnostics/errors.js';
import { trustRoots } from '../../emulator/trust-roots.js';
import { readRootFiles } from '../../jws/roots.js';
import { getTestNotificationStatus, hasAttempts } from '../../api/test-notification.js';
import { testStatusCommand } from '../../api/attempt-report.js';
import { check } from '../../report/check.js';
import { renderChecks } from '../../report/render-checks.js';
import { safeText } from '../../report/terminal-text.js';
import { runWithApi } from '../api-run.js';
import { buildStatusView, printStatus, statusJson } from '../test-status-view.js';

/** Apple's tokens are UUIDs (sometimes with a suffix); anything with spaces, slashes or quotes is a paste error. */
const TOKEN_SHAPE = /^[A-Za-z0-9._-]{8,200}$/;

export async function run(ctx: CommandContext): Promise<number> {
  const token = String(ctx.args[0] ?? '').trim();
  if (!TOKEN_SHAPE.test(token)) throw usageErrorFrom('api.test.token-format', { value: JSON.stringify(token.slice(0, 60)) });
  const givenRoots = await readRootFiles(ctx.opts.root, ctx.cwd);
  const out = ctx.out;

  return runWithApi(ctx, async (session) => {
    const { environment, baseUrl } = session.base;
    const base = { environment, baseUrl, testNotificationToken: token };
    const status = await getTestNotificationStatus(session.client, token);
    if (!hasAttempts(status)) {
      const none = check('api.error.4040008', {}, { status: 'fail' });
      if (out.json) out.result('test-status', { ok: false, ...base, answered: false, checks: [none] });
      else for (const l of renderChecks([none], out.c, { verbose: true })) out.line(l);
      return ExitCode.problem;
    }
    const lookUp = testStatusCommand(token, environment, ctx.opts, session.creds.keyPath);
    const view = await buildStatusView(status, token, session, await trustRoots(givenRoots, ctx.cwd, session.base, session.signToken), lookUp);
    if (out.json) out.result('test-status', { ok: view.ok, ...base, answered: true, ...statusJson(view) });
    else {
      out.line(`${out.c.bold('Test notification')} ${safeText(token)} · ${environment} · ${safeText(baseUrl)}`);
      out.line('');
      printStatus(ctx, view);
    }
    return view.ok ? ExitCode.ok : ExitCode.problem;
  }, { command: 'test-status' });
}
