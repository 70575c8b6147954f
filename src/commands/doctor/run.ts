import type { CommandContext } from '../context.js';
import { ExitCode } from '../../errors.js';
import { secondsOption } from '../../api/numbers.js';
import { describeApiEvent } from '../../api/events.js';
import { runDoctor } from '../../doctor/run-doctor.js';
import { renderChecks, statusIcon } from '../../report/render-checks.js';
import { safeMessage } from '../../report/terminal-text.js';
import { parseTimeout } from '../check-url/options.js';
import { readCaFiles } from '../../delivery/ca-files.js';

export async function run(ctx: CommandContext): Promise<number> {
  const o = ctx.opts;
  const timeoutMs = parseTimeout(o.timeout);
  const waitMs = secondsOption(o.wait, '--wait', 60, '60')!;
  const ca = readCaFiles((o.ca as string[] | undefined) ?? [], ctx.cwd);
  const urls = {
    ...(typeof o.productionUrl === 'string' ? { production: o.productionUrl } : {}),
    ...(typeof o.sandboxUrl === 'string' ? { sandbox: o.sandboxUrl } : {}),
  };
  const spinner = await ctx.out.spinner('Checking', { elapsed: true });
  const report = await runDoctor({
    flags: o,
    env: ctx.env,
    cwd: ctx.cwd,
    send: Boolean(o.send),
    urls,
    ...(ca ? { ca } : {}),
    allowPrivate: Boolean(o.allowPrivate),
    timeoutMs,
    waitMs,
    signal: ctx.signal,
    onStage: (stage) => spinner.update(`Checking ${stage}`),
    onEvent: (e) => ctx.out.debug(describeApiEvent(e)),
  }).finally(() => spinner.stop());
  // Checks cut short by Ctrl-C look like network failures: report the interrupt, not a verdict.
  ctx.signal.throwIfAborted();

  const { out } = ctx;
  if (out.json) {
    out.result('doctor', {
      ok: report.ok,
      nothingConfigured: report.nothingConfigured,
      couldNotFinish: report.couldNotFinish,
      counts: report.counts,
      summary: report.summary,
      checks: report.checks,
    });
  } else {
    const c = out.c;
    out.line(c.bold('asn-doctor doctor'));
    out.line();
    for (const l of renderChecks(report.checks, c)) out.line(l);
    out.line();
    out.line(`${statusIcon(report.summary.status, c)} ${safeMessage(report.summary.title)}`);
    if (report.summary.fix) out.line(`  ${c.cyan('fix:')} ${safeMessage(report.summary.fix)}`);
  }
  if (report.nothingConfigured) return ExitCode.usage;
  if (report.couldNotFinish) return ExitCode.couldNotFinish;
  return report.ok ? ExitCode.ok : ExitCode.problem;
}
